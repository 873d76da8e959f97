package org.ftp2sms.dedupe;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.service.DeadLetters;
import org.ftp2sms.service.Unreadable;

import java.time.Instant;

/**
 * Rows that read as JSON but cannot be judged (no key, no connector or no file): one log line and a metric each
 * ({@link Unreadable}); then a row whose message id is known becomes a {@code 890-internal-error} status (keyed by
 * message id, for {@code ftp2sms.statuses}), anything else a dead letter (its JSON and the origin headers, for
 * {@code ftp2sms.dead-letters}: the topology routes by the {@link DeadLetters#REASON} header). Nothing is dropped
 * silently.
 */
final class UnjudgeableRows extends ContextualProcessor<String, Row, String, byte[]> {
    private final MeterRegistry registry;
    private final Serializer<Row> rows = JsonSerde.of(Row.class).serializer();
    private final Serializer<Status> statuses = JsonSerde.of(Status.class).serializer();

    UnjudgeableRows(MeterRegistry registry) {
        this.registry = registry;
    }

    static boolean isJudgeable(String key, Row row) {
        return key != null && row != null && row.connectorId() != null && row.fileIngestionId() != null;
    }

    @Override
    public void process(Record<String, Row> record) {
        Row row = record.value();
        RecordMetadata origin = context().recordMetadata().orElse(null);
        Unreadable skipped = new Unreadable(origin == null ? Topics.ROWS : origin.topic(),
                origin == null ? -1 : origin.partition(), origin == null ? -1 : origin.offset(), "dedupe-stream",
                row == null ? "empty row" : "no key, connectorId or fileIngestionId").report(registry);
        if (row != null && row.fileIngestionId() != null && row.rowNumber() > 0) {
            Status status = Status.of(row.messageId(), row.fileIngestionId(), row.connectorId(), row.phone(),
                    StatusCode.INTERNAL_ERROR, null, null, row.receivedAt() != null ? row.receivedAt()
                            : Instant.ofEpochMilli(record.timestamp()));
            context().forward(new Record<>(status.messageId(), statuses.serialize(Topics.STATUSES, status),
                    record.timestamp()));
        } else {
            context().forward(new Record<>(record.key(), row == null ? null : rows.serialize(Topics.ROWS, row),
                    record.timestamp(), DeadLetters.headers(skipped)));
        }
    }
}
