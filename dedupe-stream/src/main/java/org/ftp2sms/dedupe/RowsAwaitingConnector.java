package org.ftp2sms.dedupe;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.ftp2sms.contract.Row;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Rows of a connector that the global connectors table does not hold (yet), kept in a changelogged store of the
 * task until it does: the fix for the new-connector race. The connectors table is filled by its own thread, so the
 * first rows of a connector created moments before its first upload could otherwise be judged with default
 * options. Once a connector has rows waiting, its later rows wait behind them, so each recipient's rows are still
 * judged in their order on the partition and the decisions are those of a table that was never behind.
 *
 * <p>A connector still unknown after {@code wait} (deleted, or never created) has its rows judged with the default
 * options; the renderer then refuses them with its own status.
 *
 * <p>Key {@code connectorId:offset} (the input offset, zero-padded so that the key order is the arrival order);
 * a task reads a single partition of {@code ftp2sms.rows}, so offsets are unique and increasing.
 */
final class RowsAwaitingConnector {
    private final KeyValueStore<String, Row> store;
    private final Duration wait;
    /** Connectors with waiting rows, and the wall-clock time their wait began (reset on restart: waiting again is safe). */
    private final Map<String, Long> waitingSince = new HashMap<>();

    RowsAwaitingConnector(KeyValueStore<String, Row> store, Duration wait, long nowMs) {
        this.store = store;
        this.wait = wait;
        try (KeyValueIterator<String, Row> rows = store.all()) {
            rows.forEachRemaining(entry -> waitingSince.putIfAbsent(entry.value.connectorId(), nowMs));
        }
    }

    boolean hasRowsOf(String connectorId) {
        return waitingSince.containsKey(connectorId);
    }

    void add(Row row, long offset, long nowMs) {
        store.put(key(row.connectorId(), offset), row);
        waitingSince.putIfAbsent(row.connectorId(), nowMs);
    }

    Set<String> connectors() {
        return Set.copyOf(waitingSince.keySet());
    }

    boolean waitedLongEnough(String connectorId, long nowMs) {
        Long since = waitingSince.get(connectorId);
        return since != null && nowMs - since >= wait.toMillis();
    }

    /** Hands the connector's waiting rows to {@code judge} in arrival order and forgets them. */
    int release(String connectorId, Consumer<Row> judge) {
        List<String> released = new ArrayList<>();
        try (KeyValueIterator<String, Row> rows = store.prefixScan(connectorId + ":", new StringSerializer())) {
            while (rows.hasNext()) {
                KeyValue<String, Row> entry = rows.next();
                if (entry.value.connectorId().equals(connectorId)) {
                    judge.accept(entry.value);
                    released.add(entry.key);
                }
            }
        }
        released.forEach(store::delete);
        waitingSince.remove(connectorId);
        return released.size();
    }

    private static String key(String connectorId, long offset) {
        return connectorId + ":" + String.format("%019d", offset);
    }
}
