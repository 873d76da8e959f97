package org.ftp2sms.renderer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.RecipientKey;
import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.service.ConnectorDirectory;
import org.ftp2sms.service.DeadLetters;
import org.ftp2sms.service.Unreadable;
import org.ftp2sms.service.KafkaSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * One pair of clients doing consume-transform-produce exactly once: each poll batch of {@code ftp2sms.rows-unique}
 * is rendered and written with its consumed offsets in one transaction (several when it is slow, {@link BatchLimits}). An abortable failure aborts and rewinds
 * the batch; a fatal one (fenced, unauthorised…) is thrown as {@link ClientsLost} for the stage to start afresh.
 */
final class RenderLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RenderLoop.class);
    /** Fewer, larger transactions: each commit waits on the coordinator (notes/throughput-facts.md). */
    static final int MAX_POLL_RECORDS = 5000;
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration CONNECTORS_CATCH_UP = Duration.ofSeconds(10);

    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final ConnectorDirectory connectors;
    private final RowRenderer renderer;
    private final RendererMetrics metrics;
    private final BatchLimits limits;
    private final Deserializer<Row> rowDeserializer = JsonSerde.of(Row.class).deserializer();
    private final Serializer<Message> messageSerializer = JsonSerde.of(Message.class).serializer();
    private final Serializer<Status> statusSerializer = JsonSerde.of(Status.class).serializer();

    /** The clients could not go on; closing them and creating new ones is the way out. */
    static final class ClientsLost extends RuntimeException {
        ClientsLost(String message, Throwable cause) {
            super(message, cause);
        }
    }

    RenderLoop(RendererSettings settings, ConnectorDirectory connectors, RowRenderer renderer, RendererMetrics metrics,
               BatchLimits limits) {
        this.limits = limits;
        this.connectors = connectors;
        this.renderer = renderer;
        this.metrics = metrics;
        Map<String, Object> consumerProps = settings.kafka().consumer(settings.groupId());
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, KafkaSettings.clientId("renderer", settings.instanceId()));
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        // Static membership: restarted after a crash, this instance takes its partitions back at once instead of
        // waiting out the dead member's session (45 s); close() leaves the group so a planned stop costs nothing.
        consumerProps.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, KafkaSettings.clientId("renderer", settings.instanceId()));
        this.consumer = new KafkaConsumer<>(consumerProps);
        KafkaProducer<String, byte[]> created;
        try {
            created = new KafkaProducer<>(settings.kafka().transactionalProducer(settings.transactionalId()));
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
        this.producer = created;
    }

    /** Fences an older producer with the same transactional id and joins the group. */
    void open() {
        producer.initTransactions();
        consumer.subscribe(List.of(Topics.ROWS_UNIQUE));
    }

    /**
     * Polls once and handles what came, in one transaction, or several when rendering takes longer than the
     * batch's time budget ({@link BatchLimits}).
     */
    void pollOnce() {
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
        if (records.isEmpty()) {
            return;
        }
        Batch batch = new Batch(limits);
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
        BatchTally tally = new BatchTally();
        try {
            producer.beginTransaction();
            long started = System.nanoTime();
            for (ConsumerRecord<String, byte[]> record : records) {
                if (!pending.isEmpty() && System.nanoTime() - started >= limits.timeBudget().toNanos()) {
                    commit(pending, tally);
                    committed.putAll(pending);
                    pending.clear();
                    tally = new BatchTally();
                    metrics.earlyCommit();
                    producer.beginTransaction();
                    started = System.nanoTime();
                }
                renderRecord(record, tally, batch);
                pending.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
            }
            commit(pending, tally);
        } catch (WakeupException | InterruptException e) {
            throw e;
        } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException
                 | AuthorizationException | UnsupportedVersionException e) {
            throw new ClientsLost("transactional producer cannot go on: " + e, e);
        } catch (KafkaException e) {
            log.warn("aborting the transaction of {} rows, they will be retried: {}", tally.rows, e.toString());
            metrics.abortedBatch();
            try {
                producer.abortTransaction();
            } catch (KafkaException abortFailure) {
                throw new ClientsLost("could not abort a transaction: " + abortFailure, abortFailure);
            }
            rewind(records, committed);
        }
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets, BatchTally tally) {
        producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
        producer.commitTransaction();
        tally.report(metrics);
    }

    void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        // Closing aborts an open transaction: its batch is read again by whoever gets the partitions.
        try {
            producer.close(Duration.ofSeconds(5));
        } finally {
            consumer.close(KafkaSettings.leavingGroup(Duration.ofSeconds(5)));
        }
    }

    private void renderRecord(ConsumerRecord<String, byte[]> record, BatchTally tally, Batch batch) {
        tally.rows++;
        Row row = read(record, tally);
        if (row == null) {
            return;
        }
        Connector connector = connectors.find(row.connectorId()).orElse(null);
        if (connector == null && !batch.caughtUpWithConnectors) {
            // A connector created a moment ago may not have reached this view yet: never refuse on a stale view.
            catchUpWithConnectors();
            batch.caughtUpWithConnectors = true;
            connector = connectors.find(row.connectorId()).orElse(null);
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
            producer.send(new ProducerRecord<>(Topics.MESSAGES, RecipientKey.of(message.connectorId(), message.phone()),
                    messageSerializer.serialize(Topics.MESSAGES, message)));
            tally.messages++;
        } else {
            Rendering.Refused refused = (Rendering.Refused) rendering;
            Status status = refused.status();
            producer.send(new ProducerRecord<>(Topics.STATUSES, status.messageId(),
                    statusSerializer.serialize(Topics.STATUSES, status)));
            tally.refused(refused);
            log.debug("refused messageId={} fileIngestionId={} connectorId={}: {} ({})", status.messageId(),
                    status.fileIngestionId(), status.connectorId(), status.statusReason(), refused.detail());
        }
    }

    /**
     * The row, or null when it cannot be read. Then, inside the batch's transaction: a row whose message id is
     * known gets {@code 890-internal-error} (its file's report and exports account for it); anything else is kept
     * raw on the dead-letter topic. Either way one log line and a metric, and the batch goes on.
     */
    private Row read(ConsumerRecord<String, byte[]> record, BatchTally tally) {
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
        tally.unreadable++;
        Unreadable skipped = new Unreadable(record.topic(), record.partition(), record.offset(), "renderer", reason);
        metrics.skipped(skipped);
        if (row != null && row.fileIngestionId() != null && row.rowNumber() > 0) {
            Status status = renderer.internalError(row);
            producer.send(new ProducerRecord<>(Topics.STATUSES, status.messageId(),
                    statusSerializer.serialize(Topics.STATUSES, status)));
        } else {
            producer.send(DeadLetters.of(skipped, record.key(), record.value()));
        }
        return null;
    }

    private void catchUpWithConnectors() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.CONNECTORS).stream()
                    .map(p -> new TopicPartition(Topics.CONNECTORS, p.partition())).toList();
            for (Map.Entry<TopicPartition, Long> end : consumer.endOffsets(partitions).entrySet()) {
                connectors.awaitPosition(end.getKey().partition(), end.getValue(), CONNECTORS_CATCH_UP);
            }
        } catch (TimeoutException e) {
            log.warn("connectors view is behind: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
        }
        return offsets;
    }

    /** Back to the first offsets not committed: that part of the batch is read again. */
    private void rewind(ConsumerRecords<String, byte[]> records, Map<TopicPartition, OffsetAndMetadata> committed) {
        for (TopicPartition partition : records.partitions()) {
            if (consumer.assignment().contains(partition)) {
                OffsetAndMetadata done = committed.get(partition);
                consumer.seek(partition, done != null ? done.offset() : records.records(partition).get(0).offset());
            }
        }
    }

    /** What lasts for one poll batch, across its transactions. */
    private static final class Batch {
        final TemplateTimeouts timeouts;
        boolean caughtUpWithConnectors;

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
            log.debug("rendered a batch: rows={} messages={} refused={} unreadable={}", rows, messages,
                    refusalsByReason.values().stream().mapToInt(Integer::intValue).sum(), unreadable);
            // One line per kind of refusal per batch, not per row: a bad template can refuse a whole file.
            firstRefusalByReason.forEach((reason, first) -> log.info(
                    "refused {} row(s) with {}; first messageId={} fileIngestionId={} connectorId={}: {}",
                    refusalsByReason.get(reason), reason, first.status().messageId(), first.status().fileIngestionId(),
                    first.status().connectorId(), first.detail()));
        }
    }
}
