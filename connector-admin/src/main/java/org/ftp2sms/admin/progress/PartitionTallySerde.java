package org.ftp2sms.admin.progress;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The store format of a {@link PartitionTally}, read and written at every status: a few fixed-width fields instead
 * of JSON. {@code version(1) partition(4) updatedAtMillis(8) connectorIdLength(2) connectorId(UTF-8) n(2)
 * n × (code(4) count(8))}; a connector id length of -1 is no connector id.
 */
final class PartitionTallySerde implements Serde<PartitionTally> {
    private static final byte VERSION = 1;

    @Override
    public Serializer<PartitionTally> serializer() {
        return (topic, t) -> {
            if (t == null) {
                return null;
            }
            byte[] connector = t.connectorId() == null ? null : t.connectorId().getBytes(StandardCharsets.UTF_8);
            ByteBuffer out = ByteBuffer.allocate(1
                    + 4
                    + 8
                    + 2
                    + (connector == null ? 0 : connector.length)
                    + 2
                    + t.counts().size() * 12);
            out.put(VERSION)
                    .putInt(t.partition())
                    .putLong(
                            t.updatedAt() == null
                                    ? Long.MIN_VALUE
                                    : t.updatedAt().toEpochMilli());
            out.putShort((short) (connector == null ? -1 : connector.length));
            if (connector != null) {
                out.put(connector);
            }
            out.putShort((short) t.counts().size());
            t.counts().forEach((code, n) -> out.putInt(code).putLong(n));
            return out.array();
        };
    }

    @Override
    public Deserializer<PartitionTally> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                ByteBuffer in = ByteBuffer.wrap(bytes);
                if (in.get() != VERSION) {
                    throw new SerializationException("unknown partition tally version " + bytes[0]);
                }
                int partition = in.getInt();
                long updated = in.getLong();
                int connectorLength = in.getShort();
                String connector = null;
                if (connectorLength >= 0) {
                    connector = new String(bytes, in.position(), connectorLength, StandardCharsets.UTF_8);
                    in.position(in.position() + connectorLength);
                }
                int n = in.getShort();
                Map<Integer, Long> counts = new TreeMap<>();
                for (int i = 0; i < n; i++) {
                    counts.put(in.getInt(), in.getLong());
                }
                return new PartitionTally(
                        partition, connector, counts, updated == Long.MIN_VALUE ? null : Instant.ofEpochMilli(updated));
            } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
                throw new SerializationException("cannot read a partition tally of " + bytes.length + " bytes", e);
            }
        };
    }
}
