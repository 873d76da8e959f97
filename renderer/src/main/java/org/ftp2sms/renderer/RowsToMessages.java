package org.ftp2sms.renderer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.RecipientKey;
import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.service.DeadLetters;
import org.ftp2sms.service.Unreadable;
import org.ftp2sms.service.worker.Transaction;
import org.ftp2sms.service.worker.TransactionalHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What the renderer does to a row of {@code ftp2sms.rows-unique}: a message on {@code ftp2sms.messages} (keyed
 * connectorId:phone), or a refusal status on {@code ftp2sms.statuses} (keyed by message id), or, for a record that
 * cannot be read, a status or a dead letter; all in the transaction of its batch ({@link BatchLimits}).
 */
final class RowsToMessages implements TransactionalHandler {
    private static final Logger log = LoggerFactory.getLogger(RowsToMessages.class);

    private final Function<String, Optional<Connector>> connectors;
    private final Consumer<Transaction> catchUpWithConnectors;
    private final RowRenderer renderer;
    private final RendererMetrics metrics;
    private final BatchLimits limits;
    private final Deserializer<Row> rowDeserializer = JsonSerde.of(Row.class).deserializer();
    private final Serializer<Message> messageSerializer =
            JsonSerde.of(Message.class).serializer();
    private final Serializer<Status> statusSerializer =
            JsonSerde.of(Status.class).serializer();
    private Batch batch;
    private BatchTally tally = new BatchTally();

    /**
     * @param catchUpWithConnectors reads the connectors view up to the topic's end: a connector created a moment ago
     *                              may not have reached the view yet, and a row is never refused on a stale view
     */
    RowsToMessages(
            Function<String, Optional<Connector>> connectors,
            Consumer<Transaction> catchUpWithConnectors,
            RowRenderer renderer,
            RendererMetrics metrics,
            BatchLimits limits) {
        this.connectors = connectors;
        this.catchUpWithConnectors = catchUpWithConnectors;
        this.renderer = renderer;
        this.metrics = metrics;
        this.limits = limits;
        this.batch = new Batch(limits);
    }

    @Override
    public void batchStarted() {
        batch = new Batch(limits);
    }

    @Override
    public void handle(ConsumerRecord<String, byte[]> record, Transaction tx) {
        tally.rows++;
        Row row = read(record, tx);
        if (row == null) {
            return;
        }
        Connector connector = connectors.apply(row.connectorId()).orElse(null);
        if (connector == null && !batch.caughtUpWithConnectors) {
            catchUpWithConnectors.accept(tx);
            batch.caughtUpWithConnectors = true;
            connector = connectors.apply(row.connectorId()).orElse(null);
        }
        Rendering rendering;
        int timeouts = batch.timeouts.refusing(row.connectorId());
        if (timeouts > 0) {
            rendering = renderer.refusedUnrendered(row, timeouts);
        } else {
            long start = System.nanoTime();
            rendering = renderer.render(row, connector);
            if (batch.timeouts.rendered(row.connectorId(), rendering, System.nanoTime() - start)) {
                metrics.templateTimeout();
            }
        }
        if (rendering instanceof Rendering.ToSend toSend) {
            Message message = toSend.message();
            tx.send(new ProducerRecord<>(
                    Topics.MESSAGES,
                    RecipientKey.of(message.connectorId(), message.phone()),
                    messageSerializer.serialize(Topics.MESSAGES, message)));
            tally.messages++;
        } else {
            Rendering.Refused refused = (Rendering.Refused) rendering;
            Status status = refused.status();
            tx.send(new ProducerRecord<>(
                    Topics.STATUSES, status.messageId(), statusSerializer.serialize(Topics.STATUSES, status)));
            tally.refused(refused);
            log.debug(
                    "refused messageId={} fileIngestionId={} connectorId={}: {} ({})",
                    status.messageId(),
                    status.fileIngestionId(),
                    status.connectorId(),
                    status.statusReason(),
                    refused.detail());
        }
    }

    /** A row the renderer failed on again and again: {@code 890-internal-error}, or a dead letter when unreadable. */
    @Override
    public void refuse(ConsumerRecord<String, byte[]> record, Transaction tx, Throwable cause) {
        tally.rows++;
        Row row;
        try {
            row = rowDeserializer.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            row = null;
        }
        setAside(
                record,
                row,
                "the renderer failed on it: "
                        + (cause == null ? "?" : cause.getClass().getSimpleName()),
                tx);
    }

    @Override
    public void committed() {
        tally.report(metrics);
        tally = new BatchTally();
        // Every commit of a batch but its last one is early: count all but the first, at once.
        if (batch.commits++ > 0) {
            metrics.earlyCommit();
        }
    }

    @Override
    public void aborted() {
        metrics.abortedBatch();
        tally = new BatchTally();
    }

    /** The row, or null when it cannot be read: then it is set aside. */
    private Row read(ConsumerRecord<String, byte[]> record, Transaction tx) {
        Row row;
        String reason;
        try {
            row = rowDeserializer.deserialize(record.topic(), record.value());
            if (row != null && row.connectorId() != null && row.fileIngestionId() != null) {
                return row;
            }
            reason = "no connectorId or fileIngestionId";
        } catch (RuntimeException e) {
            row = null;
            reason = Unreadable.reasonOf(e);
        }
        setAside(record, row, reason, tx);
        return null;
    }

    /**
     * Inside the batch's transaction: a row whose message id is known gets {@code 890-internal-error} (its file's
     * report and exports account for it); anything else is kept raw on the dead-letter topic. Either way one log
     * line and a metric, and the batch goes on.
     */
    private void setAside(ConsumerRecord<String, byte[]> record, Row row, String reason, Transaction tx) {
        tally.unreadable++;
        Unreadable skipped = new Unreadable(record.topic(), record.partition(), record.offset(), "renderer", reason);
        metrics.skipped(skipped);
        if (row != null && row.fileIngestionId() != null && row.rowNumber() > 0) {
            Status status = renderer.internalError(row);
            tx.send(new ProducerRecord<>(
                    Topics.STATUSES, status.messageId(), statusSerializer.serialize(Topics.STATUSES, status)));
        } else {
            tx.send(DeadLetters.of(skipped, record.key(), record.value()));
        }
    }

    /** What lasts for one poll batch, across its transactions. */
    private static final class Batch {
        final TemplateTimeouts timeouts;
        boolean caughtUpWithConnectors;
        int commits;

        Batch(BatchLimits limits) {
            this.timeouts = new TemplateTimeouts(limits);
        }
    }

    /** Counts of one transaction, reported only once it committed. */
    private static final class BatchTally {
        int rows;
        int messages;
        int unreadable;
        final Map<String, Rendering.Refused> firstRefusalByReason = new LinkedHashMap<>();
        final Map<String, Integer> refusalsByReason = new LinkedHashMap<>();

        void refused(Rendering.Refused refused) {
            String reason = refused.status().statusReason();
            firstRefusalByReason.putIfAbsent(reason, refused);
            refusalsByReason.merge(reason, 1, Integer::sum);
        }

        void report(RendererMetrics metrics) {
            metrics.rendered(messages, refusalsByReason, unreadable);
            log.debug(
                    "rendered a batch: rows={} messages={} refused={} unreadable={}",
                    rows,
                    messages,
                    refusalsByReason.values().stream()
                            .mapToInt(Integer::intValue)
                            .sum(),
                    unreadable);
            // One line per kind of refusal per batch, not per row: a bad template can refuse a whole file.
            firstRefusalByReason.forEach((reason, first) -> log.info(
                    "refused {} row(s) with {}; first messageId={} fileIngestionId={} connectorId={}: {}",
                    refusalsByReason.get(reason),
                    reason,
                    first.status().messageId(),
                    first.status().fileIngestionId(),
                    first.status().connectorId(),
                    first.detail()));
        }
    }
}
