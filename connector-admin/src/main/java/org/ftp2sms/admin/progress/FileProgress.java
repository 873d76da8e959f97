package org.ftp2sms.admin.progress;

import org.ftp2sms.contract.IngestionReport;
import org.ftp2sms.contract.IngestionState;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the progress store keeps per file: the file's latest ingestion report and how many of its messages are at
 * each status code now (each message counted once, at its last status). Everything the API shows is derived from
 * this by {@link IngestionProgress#of}.
 *
 * @param statusCounts status code → number of messages whose current status it is
 * @param receivedAt   the time of the file's first report (about when it arrived)
 * @param at           the time of its latest report
 * @param updatedAt    last change, by the aggregating stage's clock: what retention is measured from
 */
public record FileProgress(String fileIngestionId, String connectorId, String fileName, IngestionState state,
                           String reason, long rows, long invalidRows, Instant receivedAt, Instant at,
                           Map<Integer, Long> statusCounts, Instant updatedAt) {

    public FileProgress {
        statusCounts = statusCounts == null ? Map.of() : new TreeMap<>(statusCounts);
    }

    static FileProgress empty(String fileIngestionId, String connectorId, Instant now) {
        return new FileProgress(fileIngestionId, connectorId, null, null, null, 0, 0, null, null, Map.of(), now);
    }

    /**
     * The report applied, unless it would move a finished file back to ACCEPTED (an older progress report read
     * after the final one): the state only goes forward.
     */
    FileProgress withReport(IngestionReport report, Instant now) {
        if (isFinished(state) && report.state() == IngestionState.ACCEPTED) {
            return this;
        }
        return new FileProgress(fileIngestionId, connectorId != null ? connectorId : report.connectorId(),
                report.fileName(), report.state(), report.reason(), report.rows(), report.invalidRows(),
                receivedAt != null ? receivedAt : report.at(), report.at(), statusCounts, now);
    }

    /**
     * One partition's tally of this file replaced: {@code previous} (null: its first) taken out of the counts,
     * {@code next} put in.
     */
    FileProgress withTally(PartitionTally previous, PartitionTally next, Instant now) {
        Map<Integer, Long> counts = new TreeMap<>(statusCounts);
        if (previous != null) {
            previous.counts()
                    .forEach((code, n) -> counts.computeIfPresent(code, (c, have) -> have <= n ? null : have - n));
        }
        next.counts().forEach((code, n) -> counts.merge(code, n, Long::sum));
        return new FileProgress(
                fileIngestionId,
                connectorId != null ? connectorId : next.connectorId(),
                fileName,
                state,
                reason,
                rows,
                invalidRows,
                receivedAt,
                at,
                counts,
                now);
    }

    private static boolean isFinished(IngestionState state) {
        return state == IngestionState.COMPLETED || state == IngestionState.REJECTED || state == IngestionState.IGNORED
                || state == IngestionState.DRY_RUN;
    }
}
