package org.ftp2sms.dedupe;

import org.ftp2sms.contract.connector.SendingOptions;

import java.time.Duration;
import java.time.Instant;

/**
 * How long the dedupe store keeps a recipient, so that it holds the recipients of the current windows and not
 * the whole history.
 *
 * <p>An entry is kept while it can still change a decision about an <em>on-time</em> row, one whose event time
 * ({@code receivedAt}) is at most {@link #grace()} behind the stream time (the newest {@code receivedAt} its
 * partition has seen). That is until {@code lastSeenAt + grace} for the within-file rule, and until
 * {@code lastPassedAt + N days + grace} for the across-files rule, where N is the entry's <em>own connector's</em>
 * current {@code dedupeAcrossFilesDays} (connectors have different windows, and a global "largest window" would
 * keep every within-file-only connector's recipients for the longest window of any customer). Past that, the
 * entry is expired: {@link DuplicateRecipientProcessor} ignores it at once, and {@link ExpiredRecipientSweep}
 * deletes it when its slice of the store comes round.
 *
 * <p>Because a decision ignores an expired entry whether or not the sweep has deleted it yet, the sweep's timing
 * never changes an answer: a replay of the same partition decides the same. A row later than the grace (a file
 * re-processed long after newer ones) is judged as if expired recipients were never seen.
 *
 * <p>Changing a connector's window applies to its entries at once: widening it keeps what is still stored,
 * narrowing it lets the next sweep drop what falls out.
 *
 * @param grace         how far behind the stream time a file's rows may still arrive and be judged in full;
 *                      {@code FTP2SMS_DEDUPE_GRACE}, default {@link #DEFAULT_GRACE}
 * @param sweepInterval wall-clock time between two sweep slices of one task's store
 * @param sweepBatch    entries one slice reads at most, so a sweep never stalls processing for long
 */
public record RecipientRetention(Duration grace, Duration sweepInterval, int sweepBatch) {

    public static final Duration DEFAULT_GRACE = Duration.ofHours(24);
    /** With {@link #DEFAULT_SWEEP_BATCH}: up to 600 000 entries an hour per task, at most ~50 ms of a thread a minute. */
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(1);
    public static final int DEFAULT_SWEEP_BATCH = 10_000;

    public RecipientRetention {
        if (grace.isNegative() || sweepInterval.isNegative() || sweepInterval.isZero() || sweepBatch < 1) {
            throw new IllegalArgumentException("grace >= 0, sweepInterval > 0 and sweepBatch >= 1 required");
        }
    }

    public static RecipientRetention of(Duration grace) {
        return new RecipientRetention(grace, DEFAULT_SWEEP_INTERVAL, DEFAULT_SWEEP_BATCH);
    }

    /**
     * Whether {@code history} can no longer change a decision about an on-time row of its connector at stream time
     * {@code streamTimeMs} ({@code -1} when the task has seen no record yet: nothing expires).
     */
    public boolean isExpired(RecipientHistory history, SendingOptions options, long streamTimeMs) {
        if (streamTimeMs < 0) {
            return false;
        }
        Instant keepUntil = history.lastSeenAt() == null ? null : history.lastSeenAt().plus(grace);
        if (history.lastPassedAt() != null && options.dedupeAcrossFilesDays() > 0) {
            Instant windowEnd = history.lastPassedAt().plus(Duration.ofDays(options.dedupeAcrossFilesDays())).plus(grace);
            keepUntil = keepUntil == null || windowEnd.isAfter(keepUntil) ? windowEnd : keepUntil;
        }
        // Strictly after: a row exactly at the boundary is still judged against the entry (see the class comment).
        return keepUntil == null || keepUntil.toEpochMilli() < streamTimeMs;
    }
}
