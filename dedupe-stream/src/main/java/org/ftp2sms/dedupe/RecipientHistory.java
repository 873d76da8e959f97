package org.ftp2sms.dedupe;

import com.fasterxml.jackson.annotation.JsonFormat;
import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.connector.SendingOptions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the dedupe store remembers of one recipient (connectorId:phone), and the duplicate rules over it.
 * Every time is a row's {@code receivedAt} (event time), never the wall clock, so a replay decides the same.
 *
 * @param recentFileIngestionIds the last few files the recipient appeared in, newest first: several, not one,
 *                               because rows of two files processed at the same time can interleave
 * @param lastSeenAt             {@code receivedAt} of the newest row seen; what a retention sweep would expire on
 * @param lastPassedMessageId    the last row of this recipient that survived dedupe
 * @param lastPassedFileIngestionId the file of that row
 * @param lastPassedAt           its {@code receivedAt}: the start of the across-files window
 *
 * <p>The times are stored as epoch milliseconds (the precision of event time in Kafka): read and written for every
 * row, an ISO-8601 text costs several times more to parse. The earlier ISO-8601 form still reads.
 */
public record RecipientHistory(
        List<String> recentFileIngestionIds,
        @JsonFormat(shape = JsonFormat.Shape.NUMBER_INT, without = {
                JsonFormat.Feature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS, JsonFormat.Feature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS})
        Instant lastSeenAt,
        String lastPassedMessageId,
        String lastPassedFileIngestionId,
        @JsonFormat(shape = JsonFormat.Shape.NUMBER_INT, without = {
                JsonFormat.Feature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS, JsonFormat.Feature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS})
        Instant lastPassedAt) {

    /** How many files are remembered per recipient for the within-file rule. */
    static final int RECENT_FILES = 4;

    public static final RecipientHistory NONE = new RecipientHistory(List.of(), null, null, null, null);

    public RecipientHistory {
        recentFileIngestionIds = recentFileIngestionIds == null ? List.of() : List.copyOf(recentFileIngestionIds);
    }

    /** Why {@code row} is a duplicate under {@code options}, or empty when it goes on. */
    public Optional<StatusCode> duplicateOf(Row row, SendingOptions options) {
        if (isReplayOfLastPassed(row)) {
            // The very row that passed before (a re-processed file): deciding the same again keeps a replay idempotent.
            return Optional.empty();
        }
        if (options.dedupeWithinFile() && recentFileIngestionIds.contains(row.fileIngestionId())) {
            return Optional.of(StatusCode.DUPLICATE_IN_FILE);
        }
        if (options.dedupeAcrossFilesDays() > 0 && isWithinAcrossFilesWindow(row, Duration.ofDays(options.dedupeAcrossFilesDays()))) {
            return Optional.of(StatusCode.DUPLICATE_ACROSS_FILES);
        }
        return Optional.empty();
    }

    /** The history after {@code row} was seen; {@code passed} when it went on to rendering. */
    public RecipientHistory after(Row row, boolean passed) {
        String messageId = row.messageId();
        if (messageId.equals(lastPassedMessageId)) {
            return this; // the replay of the last row that passed, as isReplayOfLastPassed
        }
        // A loop, not a stream: this runs for every row.
        List<String> files = new ArrayList<>(RECENT_FILES);
        files.add(row.fileIngestionId());
        for (int i = 0; i < recentFileIngestionIds.size() && files.size() < RECENT_FILES; i++) {
            String file = recentFileIngestionIds.get(i);
            if (!file.equals(row.fileIngestionId())) {
                files.add(file);
            }
        }
        Instant seenAt = latest(lastSeenAt, row.receivedAt());
        return passed
                ? new RecipientHistory(files, seenAt, messageId, row.fileIngestionId(), row.receivedAt())
                : new RecipientHistory(files, seenAt, lastPassedMessageId, lastPassedFileIngestionId, lastPassedAt);
    }

    private boolean isReplayOfLastPassed(Row row) {
        return row.messageId().equals(lastPassedMessageId);
    }

    /**
     * Inside means strictly less than N days from the last row that passed ({@code |receivedAt - lastPassedAt| < N days}):
     * a file arriving exactly N days later is outside, so "at most once every N days" lets it through.
     */
    private boolean isWithinAcrossFilesWindow(Row row, Duration window) {
        if (lastPassedAt == null || row.receivedAt() == null || row.fileIngestionId().equals(lastPassedFileIngestionId)) {
            return false;
        }
        // Symmetric, so that an older file processed late is judged against the newer one just as well.
        return Duration.between(lastPassedAt, row.receivedAt()).abs().compareTo(window) < 0;
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
