package org.ftp2sms.admin.progress;

import org.ftp2sms.contract.IngestionState;
import org.ftp2sms.contract.StatusCode;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A file's ingestion and where each of its rows is now, as {@code GET /api/v1/ingestions/{id}} answers it. The
 * first eight fields are those of the latest ingestion report; the others count messages, each once.
 *
 * @param refused          8xx: rows refused by the platform, by status reason (e.g. {@code 821-invalid-phone})
 * @param submitted        rows that reached the SMSC (waiting for a receipt, delivered or failed)
 * @param awaitingReceipt  submitted, no final status yet
 * @param delivered        2xx
 * @param failed           3xx: undeliverable, by status reason
 * @param pending          rows split so far without a final status yet
 * @param finished         every row has a final status, or the file was rejected or ignored
 */
public record IngestionProgress(String fileIngestionId, String connectorId, String fileName, IngestionState state,
                                String reason, long rows, long invalidRows, Instant at, Instant receivedAt,
                                Map<String, Long> refused, long refusedCount, long submitted, long awaitingReceipt,
                                long delivered, Map<String, Long> failed, long failedCount, long pending,
                                boolean finished) {

    public static IngestionProgress of(FileProgress p) {
        Map<String, Long> refused = new TreeMap<>();
        Map<String, Long> failed = new TreeMap<>();
        long awaiting = 0;
        long delivered = 0;
        for (Map.Entry<Integer, Long> e : p.statusCounts().entrySet()) {
            int code = e.getKey();
            long n = e.getValue();
            if (code < 200) {
                awaiting += n;
            } else if (code < 300) {
                delivered += n;
            } else if (code < 800) {
                failed.merge(reason(code), n, Long::sum);
            } else {
                refused.merge(reason(code), n, Long::sum);
            }
        }
        long refusedCount = refused.values().stream().mapToLong(Long::longValue).sum();
        long failedCount = failed.values().stream().mapToLong(Long::longValue).sum();
        long settled = refusedCount + delivered + failedCount;
        boolean splitting = p.state() == IngestionState.ACCEPTED || p.state() == IngestionState.COMPLETED;
        long pending = splitting ? Math.max(0, p.rows() - settled) : 0;
        // A dry run is finished once judged: its rows that pass get no status (nothing is sent), only a preview line.
        boolean finished = p.state() == IngestionState.REJECTED || p.state() == IngestionState.IGNORED
                || p.state() == IngestionState.DRY_RUN || (p.state() == IngestionState.COMPLETED && pending == 0);
        return new IngestionProgress(p.fileIngestionId(), p.connectorId(), p.fileName(), p.state(), p.reason(),
                p.rows(), p.invalidRows(), p.at(), p.receivedAt(), refused, refusedCount,
                awaiting + delivered + failedCount, awaiting, delivered, failed, failedCount, pending, finished);
    }

    /** The reason as events spell it; a code this build does not know keeps its number. */
    private static String reason(int code) {
        return Arrays.stream(StatusCode.values()).filter(c -> c.code() == code).findFirst()
                .map(StatusCode::reason).orElse(String.valueOf(code));
    }
}
