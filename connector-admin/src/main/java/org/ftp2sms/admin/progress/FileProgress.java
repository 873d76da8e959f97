package org.ftp2sms.admin.progress;

import org.ftp2sms.contract.IngestionReport;
import org.ftp2sms.contract.IngestionState;
import org.ftp2sms.contract.Status;

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

    /** One message moved from {@code previousCode} (null: first status seen) to {@code status}'s code. */
    FileProgress withMessageMoved(Integer previousCode, Status status, Instant now) {
        Map<Integer, Long> counts = new TreeMap<>(statusCounts);
        if (previousCode != null) {
            counts.computeIfPresent(previousCode, (code, n) -> n <= 1 ? null : n - 1);
        }
        counts.merge(status.statusCode(), 1L, Long::sum);
        return new FileProgress(fileIngestionId, connectorId != null ? connectorId : status.connectorId(), fileName,
                state, reason, rows, invalidRows, receivedAt, at, counts, now);
    }

    private static boolean isFinished(IngestionState state) {
        return state == IngestionState.COMPLETED || state == IngestionState.REJECTED || state == IngestionState.IGNORED
                || state == IngestionState.DRY_RUN;
    }
}
