package org.ftp2sms.bench.jmh;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.ftp2sms.contract.Encoding;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.JsonSerde;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Instant;

/**
 * The JSON every hop pays per row: contract's {@link JsonSerde} writing and reading the three events of the hot path
 * ({@link Row} on rows and rows-unique, {@link Message} on messages and messages-ready, {@link Status} on statuses),
 * serdes made once as the stages make them.
 */
@State(Scope.Benchmark)
public class EventJsonBench {
    private final Serializer<Row> rowWriter = JsonSerde.of(Row.class).serializer();
    private final Deserializer<Row> rowReader = JsonSerde.of(Row.class).deserializer();
    private final Serializer<Message> messageWriter =
            JsonSerde.of(Message.class).serializer();
    private final Deserializer<Message> messageReader =
            JsonSerde.of(Message.class).deserializer();
    private final Serializer<Status> statusWriter = JsonSerde.of(Status.class).serializer();
    private final Deserializer<Status> statusReader = JsonSerde.of(Status.class).deserializer();

    private Row row;
    private Message message;
    private Status status;
    private byte[] rowJson;
    private byte[] messageJson;
    private byte[] statusJson;

    @Setup
    public void setUp() {
        row = HotPathSamples.row("f-bench", 41, HotPathSamples.RECEIVED_AT);
        message = new Message(
                row.messageId(),
                row.fileIngestionId(),
                row.connectorId(),
                row.phone(),
                "FTP2SMS",
                "Hello Name41, your code is 1041",
                Encoding.GSM7,
                1,
                row.receivedAt());
        Instant sentAt = HotPathSamples.RECEIVED_AT.plusMillis(1_234);
        status = Status.of(
                message.messageId(),
                message.fileIngestionId(),
                message.connectorId(),
                message.phone(),
                StatusCode.DELIVERED,
                sentAt,
                sentAt.plusMillis(50),
                sentAt.plusMillis(51));
        rowJson = rowWriter.serialize(Topics.ROWS, row);
        messageJson = messageWriter.serialize(Topics.MESSAGES, message);
        statusJson = statusWriter.serialize(Topics.STATUSES, status);
        if (!row.equals(rowReader.deserialize(Topics.ROWS, rowJson))
                || !message.equals(messageReader.deserialize(Topics.MESSAGES, messageJson))
                || !status.equals(statusReader.deserialize(Topics.STATUSES, statusJson))) {
            throw new IllegalStateException("an event does not read back as written");
        }
    }

    @Benchmark
    public byte[] writeRow() {
        return rowWriter.serialize(Topics.ROWS, row);
    }

    @Benchmark
    public Row readRow() {
        return rowReader.deserialize(Topics.ROWS, rowJson);
    }

    @Benchmark
    public byte[] writeMessage() {
        return messageWriter.serialize(Topics.MESSAGES, message);
    }

    @Benchmark
    public Message readMessage() {
        return messageReader.deserialize(Topics.MESSAGES, messageJson);
    }

    @Benchmark
    public byte[] writeStatus() {
        return statusWriter.serialize(Topics.STATUSES, status);
    }

    @Benchmark
    public Status readStatus() {
        return statusReader.deserialize(Topics.STATUSES, statusJson);
    }
}
