package org.ftp2sms.admin.progress;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One file's messages that one partition of {@code ftp2sms.statuses} carries, counted by their current status code:
 * what {@link PartitionTallyProcessor} keeps per file and sends on, whole, to the file's task. Whole counts, not
 * changes: a tally sent twice, or overtaken by a newer one of the same partition, changes nothing.
 *
 * @param partition the partition of {@code ftp2sms.statuses} counted
 * @param counts    status code → number of messages whose current status it is
 * @param updatedAt last change, by the counting stage's clock: what retention is measured from
 */
record PartitionTally(int partition, String connectorId, Map<Integer, Long> counts, Instant updatedAt) {

    PartitionTally {
        counts = counts == null ? Map.of() : new TreeMap<>(counts);
    }

    static PartitionTally empty(int partition, String connectorId, Instant now) {
        return new PartitionTally(partition, connectorId, Map.of(), now);
    }

    /** One message moved from {@code previousCode} (null: first status seen) to {@code code}. */
    PartitionTally withMessageMoved(Integer previousCode, int code, String statusConnectorId, Instant now) {
        Map<Integer, Long> moved = new TreeMap<>(counts);
        if (previousCode != null) {
            moved.computeIfPresent(previousCode, (c, n) -> n <= 1 ? null : n - 1);
        }
        moved.merge(code, 1L, Long::sum);
        return new PartitionTally(partition, connectorId != null ? connectorId : statusConnectorId, moved, now);
    }
}
