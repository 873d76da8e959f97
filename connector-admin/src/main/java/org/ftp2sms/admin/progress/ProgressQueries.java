package org.ftp2sms.admin.progress;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads the progress stores of this instance (interactive queries). While the stores are being restored or
 * rebalanced they cannot be read: a query waits up to {@link #WAIT} for them, then fails with {@link Unavailable}.
 */
public final class ProgressQueries {
    static final Duration WAIT = Duration.ofSeconds(10);

    private final Supplier<KafkaStreams> streams;

    public ProgressQueries(Supplier<KafkaStreams> streams) {
        this.streams = streams;
    }

    public Optional<IngestionProgress> file(String fileIngestionId) {
        return Optional.ofNullable(withStore(ProgressTopology.FILES_STORE, (ReadOnlyKeyValueStore<String, FileProgress> s) ->
                s.get(fileIngestionId))).map(IngestionProgress::of);
    }

    /** The connector's files, newest first, at most {@code limit}. */
    public List<IngestionProgress> ofConnector(String connectorId, int limit) {
        List<String> fileIds = withStore(ProgressTopology.BY_CONNECTOR_STORE, (ReadOnlyKeyValueStore<String, Long> s) -> {
            List<String> ids = new ArrayList<>();
            String prefix = ProgressTopology.connectorKey(connectorId, "");
            try (KeyValueIterator<String, Long> it = s.prefixScan(prefix, Serdes.String().serializer())) {
                it.forEachRemaining(kv -> ids.add(kv.key.substring(prefix.length())));
            }
            return ids;
        });
        List<IngestionProgress> found = new ArrayList<>();
        for (String id : fileIds) {
            file(id).ifPresent(found::add);
        }
        found.sort(Comparator.comparing((IngestionProgress p) -> p.receivedAt() == null ? java.time.Instant.MAX : p.receivedAt())
                .reversed().thenComparing(IngestionProgress::fileIngestionId));
        return found.size() > limit ? found.subList(0, limit) : found;
    }

    private <K, V, T> T withStore(String name, java.util.function.Function<ReadOnlyKeyValueStore<K, V>, T> query) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                ReadOnlyKeyValueStore<K, V> store = streams.get().store(
                        StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
                return query.apply(store);
            } catch (InvalidStateStoreException e) {
                if (System.nanoTime() > deadline) {
                    throw new Unavailable("file progress is being restored; try again in a moment");
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new Unavailable("interrupted");
                }
            }
        }
    }

    /** The stores cannot be read now (restoring, rebalancing or stopped). */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }
}
