package org.ftp2sms.dedupe;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.SendingOptions;
import org.ftp2sms.contract.json.JsonSerde;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The only part of a {@link Connector} the dedupe stream reads, as the value of its connectors table (the rest of
 * the connector's JSON is skipped, not bound).
 */
record ConnectorOptions(SendingOptions options) {

    /**
     * The table's serde. The table is read for every row and its store hands back bytes, so the deserializer
     * remembers what it read by content: an unchanged connector is not parsed again (parsing it was a sixth of the
     * stream thread's time in {@code DedupeBenchmark}). Shared by the stream threads and the global thread.
     */
    static Serde<ConnectorOptions> serde() {
        JsonSerde<ConnectorOptions> json = JsonSerde.of(ConnectorOptions.class);
        return Serdes.serdeFrom(json.serializer(), new Remembering(json.deserializer()));
    }

    private static final class Remembering implements Deserializer<ConnectorOptions> {
        /** Far more than the connectors of one installation; cleared when exceeded rather than evicting one by one. */
        private static final int LIMIT = 10_000;
        private final Deserializer<ConnectorOptions> json;
        private final Map<ByteBuffer, ConnectorOptions> read = new ConcurrentHashMap<>();

        Remembering(Deserializer<ConnectorOptions> json) {
            this.json = json;
        }

        @Override
        public ConnectorOptions deserialize(String topic, byte[] bytes) {
            if (bytes == null) {
                return null;
            }
            ByteBuffer key = ByteBuffer.wrap(bytes);
            ConnectorOptions known = read.get(key);
            if (known != null) {
                return known;
            }
            ConnectorOptions options = json.deserialize(topic, bytes);
            if (read.size() >= LIMIT) {
                read.clear();
            }
            read.put(ByteBuffer.wrap(bytes.clone()), options);
            return options;
        }
    }
}
