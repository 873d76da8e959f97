package org.ftp2sms.admin.progress;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.List;

/** The entries of a progress store keyed {@code fileIngestionId|…}: a file's are removed together when it expires. */
final class FileKeys {
    private FileKeys() {}

    /** Deletes every entry of {@code store} whose key starts with {@code fileIngestionId|}. */
    static void deleteAllOf(KeyValueStore<String, ?> store, String fileIngestionId) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, ?> range = store.prefixScan(
                ProgressTopology.filePrefix(fileIngestionId), Serdes.String().serializer())) {
            range.forEachRemaining(kv -> keys.add(kv.key));
        }
        keys.forEach(store::delete);
    }
}
