package org.ftp2sms.splitter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.ftp2sms.contract.FileArrived;
import org.ftp2sms.contract.FileDigest;
import org.ftp2sms.contract.IngestionReport;
import org.ftp2sms.contract.IngestionState;
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
import org.ftp2sms.service.LiveTopicView;
import org.ftp2sms.service.PipelineCounters;
import org.ftp2sms.service.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Consumes {@code ftp2sms.file-arrivals} and turns each stored file into rows, statuses and ingestion reports
 * ({@link FileSplitter}), in ONE Kafka transaction per file together with the consumed offset: a file is published
 * whole or not at all, and a crash mid-file re-reads it from the start (same message ids, no duplicate downstream).
 *
 * <p>The stored file is deleted only after the commit. Its absence when a file arrives therefore means the file was
 * already processed and its offset commit is being replayed (group offsets reset, topic re-read): it is skipped
 * with a WARN line and no report, because a new report would overwrite the file's real final state. The gateway and
 * the splitter must share the store for this to hold. A crash between commit and delete leaves the stored file
 * behind (not re-processed); sweeping such leftovers is left to a later issue.
 *
 * <p>Restart after a crash: the transactional id ({@code row-splitter-<instanceId>}) aborts the dead instance's open
 * transaction when the new producer initialises, and the consumer's static group membership (same instance id) gets
 * the partitions back at once, so the file whose transaction was lost is read again from its start.
 *
 * <p>Failures: a file-specific problem ends as a REJECTED report. A Kafka error, or a stored file the storage fails
 * to read ({@link StoredFileUnavailableException}: the file is kept), aborts the transaction (or, if the producer is
 * fenced or otherwise unusable, closes and recreates it), rewinds the consumer to its committed offsets and retries
 * the file after a pause; the stage never dies of one file.
 */
public final class RowSplitterStage implements Stage {
    private static final Logger log = LoggerFactory.getLogger(RowSplitterStage.class);
    /** How long a connector unknown to the directory is waited for: it may have been created a moment ago. */
    private static final Duration CONNECTOR_GRACE = Duration.ofSeconds(5);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
    private static final Duration VIEW_TIMEOUT = Duration.ofSeconds(60);

    private final RowSplitterSettings settings;
    private final MeterRegistry registry;
    private final Clock clock;
    private final FileSplitter splitter;
    private final Deserializer<FileArrived> arrivalJson = JsonSerde.of(FileArrived.class).deserializer();
    private final Serializer<Row> rowJson = JsonSerde.of(Row.class).serializer();
    private final Serializer<Status> statusJson = JsonSerde.of(Status.class).serializer();
    private final Serializer<IngestionReport> reportJson = JsonSerde.of(IngestionReport.class).serializer();
    private final Serializer<FileDigest> digestJson = JsonSerde.of(FileDigest.class).serializer();
    private final Counter rowsPublished;
    private final Counter rowsRefused;
    private final Counter storageRetries;

    private ConnectorDirectory connectors;
    private LiveTopicView<FileDigest> digests;
    private KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> producer;
    private Thread worker;
    private volatile boolean closing;
    private volatile boolean closed;

    public RowSplitterStage(RowSplitterSettings settings, MeterRegistry registry) {
        this(settings, registry, Clock.systemUTC());
    }

    public RowSplitterStage(RowSplitterSettings settings, MeterRegistry registry, Clock clock) {
        this.settings = settings;
        this.registry = registry;
        this.clock = clock;
        this.splitter = new FileSplitter(settings.maxRows(), settings.maxBytes(), clock);
        this.rowsPublished = PipelineCounters.rows(registry, name(), "published");
        this.rowsRefused = PipelineCounters.rows(registry, name(), "refused");
        this.storageRetries = Counter.builder("ftp2sms.splitter.retries").tag("cause", "storage")
                .description("files put back for a retry because their stored copy could not be read").register(registry);
    }

    @Override
    public String name() {
        return "row-splitter";
    }

    @Override
    public synchronized void start() {
        if (worker != null) {
            throw new IllegalStateException(name() + " already started");
        }
        connectors = new ConnectorDirectory(settings.kafka(), KafkaSettings.clientId("row-splitter-connectors", settings.instanceId())).start();
        try {
            digests = new LiveTopicView<>(settings.kafka(), Topics.FILE_DIGESTS, FileDigest.class,
                    KafkaSettings.clientId("row-splitter-digests", settings.instanceId())).start(VIEW_TIMEOUT);
        } catch (TimeoutException | InterruptedException e) {
            connectors.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("row-splitter: the file digests could not be read: " + e.getMessage(), e);
        }
        producer = newProducer();
        Map<String, Object> props = settings.kafka().consumer(settings.groupId());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, KafkaSettings.clientId("row-splitter", settings.instanceId()));
        // Each record is a whole file and its own transaction: one per poll keeps a poll well inside max.poll.interval.ms.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        // Static membership: an instance restarted after a crash takes its partitions back at once instead of
        // waiting for the dead member's session to expire (45 s) while a file waits; a planned stop leaves the group.
        props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, KafkaSettings.clientId("row-splitter", settings.instanceId()));
        consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(Topics.FILE_ARRIVALS), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                log.info("row-splitter partitions revoked: {}", partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                log.info("row-splitter partitions assigned: {}", partitions);
            }
        });
        worker = new Thread(this::run, "row-splitter");
        worker.start();
        log.info("row-splitter started: instance={} group={} maxRows={} maxBytes={}", settings.instanceId(),
                settings.groupId(), settings.maxRows(), settings.maxBytes());
    }

    @Override
    public boolean isHealthy() {
        Thread current = worker;
        return !closed && current != null && current.isAlive() && connectors.isHealthy() && digests.isHealthy();
    }

    @Override
    public boolean isAlive() {
        Thread current = worker;
        return current == null || closed || current.isAlive();
    }

    @Override
    public void close() {
        Thread current;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closing = true;
            current = worker;
        }
        if (current != null) {
            consumer.wakeup();
            try {
                current.join(Duration.ofSeconds(60).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (connectors != null) {
            connectors.close();
        }
        if (digests != null) {
            digests.close();
        }
    }

    private void run() {
        try {
            // An interrupt ends the worker (and /livez with it) instead of spinning on failing polls.
            while (!closing && !Thread.currentThread().isInterrupted()) {
                try {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        if (closing || !processOrRewind(record)) {
                            break;
                        }
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // Kept alive on purpose: a broker outage or a bug on one record must not end the stage.
                    log.error("row-splitter loop error, retrying: {}", e.toString(), e);
                    try {
                        rewindToCommitted();
                    } catch (RuntimeException ignored) {
                        // The next poll after a rebalance positions the consumer anyway.
                    }
                    pause();
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                log.error("row-splitter woken up unexpectedly", e);
            }
        } finally {
            if (!closing) {
                log.error("row-splitter worker stopped; /livez fails until the process restarts");
            }
            // Leaves the group: as a static member it would otherwise hold its partitions for the session timeout.
            closeQuietly(() -> consumer.close(KafkaSettings.leavingGroup(Duration.ofSeconds(5))));
            closeQuietly(producer);
        }
    }

    /** True when the record is done (published or deliberately skipped); false after a rewind for a retry. */
    private boolean processOrRewind(ConsumerRecord<String, byte[]> record) {
        FileArrived file;
        String unreadable = null;
        try {
            file = arrivalJson.deserialize(record.topic(), record.value());
            if (file == null || file.fileIngestionId() == null || file.connectorId() == null) {
                unreadable = "no fileIngestionId or connectorId";
                file = null;
            }
        } catch (RuntimeException e) {
            file = null;
            unreadable = Unreadable.reasonOf(e);
        }
        try {
            if (file == null) {
                // No message id can be derived from a file's record: the raw record is kept, in the same
                // transaction as the offset that moves past it.
                Unreadable skipped = new Unreadable(record.topic(), record.partition(), record.offset(),
                        "row-splitter", unreadable).report(registry);
                producer.beginTransaction();
                producer.send(DeadLetters.of(skipped, record.key(), record.value()));
                sendOffsets(record);
                producer.commitTransaction();
                return true;
            }
            processFile(record, file);
            return true;
        } catch (WakeupException e) {
            throw e;
        } catch (StoredFileUnavailableException e) {
            // The storage's fault, not the file's: rejecting would delete the customer's file for good.
            storageRetries.increment();
            log.warn("row-splitter will retry fileIngestionId={} connectorId={}: {}", file.fileIngestionId(),
                    file.connectorId(), e.getMessage());
            rewindToCommitted();
            pause();
            return false;
        } catch (KafkaException e) {
            recoverProducer(e);
            if (file != null && isFileSpecific(e)) {
                try {
                    rejectAfterAbort(record, file, "the file could not be published: " + rootMessage(e));
                    return true;
                } catch (KafkaException again) {
                    recoverProducer(again);
                }
            }
            log.warn("row-splitter will retry fileIngestionId={}: {}", file == null ? "?" : file.fileIngestionId(), e.toString());
            rewindToCommitted();
            pause();
            return false;
        }
    }

    private void processFile(ConsumerRecord<String, byte[]> record, FileArrived file) {
        // No grace wait for the connector of a replayed file whose stored copy is gone: it is skipped anyway.
        // notExists, not !exists: a stored file whose existence cannot be told (a storage error) is waited for like
        // any other, so that it is retried as unreadable rather than rejected for a connector not looked up.
        Connector connector = Files.notExists(Path.of(file.storedPath())) ? null : findConnector(file.connectorId()).orElse(null);
        Optional<FileDigest> earlier = connector == null ? Optional.empty() : earlierWithSameContent(file, connector);
        if (earlier.isPresent()) {
            ignoreRepeat(record, file, earlier.get(), connector.options().repeatedFileWindowOrDefault());
            return;
        }
        TransactionalOutput out = new TransactionalOutput(file.connectorId());
        producer.beginTransaction();
        SplitOutcome outcome;
        try {
            outcome = splitter.split(file, connector, out);
        } catch (FileRefusedException e) {
            producer.abortTransaction();
            rejectAfterAbort(record, file, e.getMessage());
            return;
        } catch (StoredFileUnavailableException e) {
            producer.abortTransaction();
            throw e;
        } catch (RuntimeException e) {
            if (e instanceof KafkaException) {
                throw e;
            }
            // Anything unforeseen in one file must not stop the stage: the file is rejected. The exception's text
            // goes to the log only: it may name server-side paths or classes, nothing for the customer.
            log.error("row-splitter failed on fileIngestionId={} connectorId={}", file.fileIngestionId(), file.connectorId(), e);
            producer.abortTransaction();
            rejectAfterAbort(record, file, "the file could not be processed because of an internal error (logged with its fileIngestionId)");
            return;
        }
        if (outcome.state() == IngestionState.COMPLETED) {
            out.digest(new FileDigest(file.connectorId(), file.sha256(), file.fileIngestionId(), file.fileName(), file.receivedAt()));
        }
        sendOffsets(record);
        producer.commitTransaction();
        if (outcome.isMissing()) {
            log.warn("row-splitter skips fileIngestionId={} connectorId={}: {} (already processed and deleted?)",
                    file.fileIngestionId(), file.connectorId(), outcome.reason());
            count("missing");
            return;
        }
        rowsPublished.increment(outcome.rows() - outcome.invalidRows());
        rowsRefused.increment(outcome.invalidRows());
        count(outcome.state());
        log.info("row-splitter fileIngestionId={} connectorId={} {} rows={} invalidRows={}{}", file.fileIngestionId(),
                file.connectorId(), outcome.state(), outcome.rows(), outcome.invalidRows(),
                outcome.state() == IngestionState.COMPLETED || outcome.state() == IngestionState.DRY_RUN ? ""
                        : " reason=" + outcome.reason());
        deleteStored(file);
    }

    /**
     * The latest file of this connector with the same content, processed within its {@code repeatedFileWindow} before
     * this one arrived. Reads the digests topic to its end first: the instance that had this connector's partition
     * before a rebalance may have written the digest a moment ago.
     */
    private Optional<FileDigest> earlierWithSameContent(FileArrived file, Connector connector) {
        Duration window = connector.options() == null ? null : connector.options().repeatedFileWindowOrDefault();
        if (window == null || window.isZero() || file.sha256() == null) {
            return Optional.empty();
        }
        catchUpDigests();
        return digests.get(FileDigest.key(file.connectorId(), file.sha256()))
                .filter(d -> !d.fileIngestionId().equals(file.fileIngestionId()))
                .filter(d -> !d.receivedAt().isAfter(file.receivedAt()) && !d.receivedAt().isBefore(file.receivedAt().minus(window)));
    }

    private void catchUpDigests() {
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.FILE_DIGESTS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        for (Map.Entry<TopicPartition, Long> end : consumer.endOffsets(partitions).entrySet()) {
            try {
                digests.awaitPosition(end.getKey().partition(), end.getValue(), VIEW_TIMEOUT);
            } catch (TimeoutException e) {
                throw new org.apache.kafka.common.errors.TimeoutException(e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            }
        }
    }

    /** An IGNORED report naming the earlier file with the same content. */
    private void ignoreRepeat(ConsumerRecord<String, byte[]> record, FileArrived file, FileDigest earlier, Duration window) {
        String reason = "the same content as " + earlier.fileName() + " (fileIngestionId " + earlier.fileIngestionId()
                + ", received " + earlier.receivedAt() + ") was received within the connector's repeatedFileWindow ("
                + window + "): not sent again";
        endWithReport(record, file, IngestionState.IGNORED, reason);
    }

    private void rejectAfterAbort(ConsumerRecord<String, byte[]> record, FileArrived file, String reason) {
        endWithReport(record, file, IngestionState.REJECTED, reason);
    }

    /** A new transaction with only the file's final report and the offset; then the stored file goes. */
    private void endWithReport(
            ConsumerRecord<String, byte[]> record, FileArrived file, IngestionState state, String reason) {
        TransactionalOutput out = new TransactionalOutput(file.connectorId());
        producer.beginTransaction();
        out.report(splitter.report(file, state, reason, 0, 0));
        sendOffsets(record);
        producer.commitTransaction();
        count(state);
        log.info("row-splitter fileIngestionId={} connectorId={} {} reason={}", file.fileIngestionId(),
                file.connectorId(), state, reason);
        deleteStored(file);
    }

    private void sendOffsets(ConsumerRecord<String, byte[]> record) {
        producer.sendOffsetsToTransaction(
                Map.of(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1)),
                consumer.groupMetadata());
    }

    private Optional<Connector> findConnector(String connectorId) {
        long deadline = System.nanoTime() + CONNECTOR_GRACE.toNanos();
        Optional<Connector> found = connectors.find(connectorId);
        while (found.isEmpty() && System.nanoTime() < deadline && !closing) {
            sleep(Duration.ofMillis(100));
            found = connectors.find(connectorId);
        }
        return found;
    }

    /** Aborts the open transaction; when the producer cannot (fenced, fatal), replaces it. */
    private void recoverProducer(KafkaException cause) {
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            log.warn("row-splitter replaces its producer after {}", cause.toString());
            closeQuietly(producer);
            producer = newProducer();
        }
    }

    private void rewindToCommitted() {
        var assignment = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assignment);
        for (TopicPartition tp : assignment) {
            OffsetAndMetadata offset = committed.get(tp);
            if (offset == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, offset);
            }
        }
    }

    private KafkaProducer<String, byte[]> newProducer() {
        Map<String, Object> props = new HashMap<>(settings.kafka().transactionalProducer("row-splitter-" + settings.instanceId()));
        // A 200 000-row file is one transaction: leave it time on a busy machine.
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) Duration.ofMinutes(5).toMillis());
        KafkaProducer<String, byte[]> created = new KafkaProducer<>(props);
        created.initTransactions();
        return created;
    }

    private static boolean isFileSpecific(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof SerializationException) {
                return true;
            }
        }
        return false;
    }

    private void deleteStored(FileArrived file) {
        try {
            Files.deleteIfExists(Path.of(file.storedPath()));
        } catch (IOException e) {
            log.warn("row-splitter could not delete the stored file of fileIngestionId={}: {}", file.fileIngestionId(), e.toString());
        }
    }

    private void count(IngestionState state) {
        count(state.name().toLowerCase(Locale.ROOT));
    }

    /** A file's end: its report's state, or {@code missing} (gone from the store: already processed). */
    private void count(String state) {
        PipelineCounters.files(registry, name(), state).increment();
    }

    private void pause() {
        if (!closing) {
            sleep(RETRY_PAUSE);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            log.debug("close failed: {}", e.toString());
        }
    }

    /** Async sends into the open transaction; a failed send makes {@code commitTransaction} throw, so it is only logged here. */
    private final class TransactionalOutput implements SplitOutput {
        private final String connectorId;
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private final Callback callback;

        TransactionalOutput(String connectorId) {
            this.connectorId = connectorId;
            this.callback = (metadata, e) -> {
                if (e != null && !(e instanceof TransactionAbortedException) && failure.compareAndSet(null, e)) {
                    log.warn("row-splitter send failed for connectorId={}: {}", connectorId, e.toString());
                }
            };
        }

        @Override
        public void report(IngestionReport report) {
            producer.send(new ProducerRecord<>(Topics.INGESTIONS, report.fileIngestionId(),
                    reportJson.serialize(Topics.INGESTIONS, report)), callback);
        }

        @Override
        public void row(Row row) {
            producer.send(new ProducerRecord<>(Topics.ROWS, RecipientKey.of(connectorId, row.phone()),
                    rowJson.serialize(Topics.ROWS, row)), callback);
        }

        void digest(FileDigest digest) {
            String key = FileDigest.key(digest.connectorId(), digest.sha256());
            producer.send(new ProducerRecord<>(Topics.FILE_DIGESTS, key, digestJson.serialize(Topics.FILE_DIGESTS, digest)), callback);
        }

        @Override
        public void status(Status status) {
            producer.send(new ProducerRecord<>(Topics.STATUSES, status.messageId(),
                    statusJson.serialize(Topics.STATUSES, status)), callback);
        }
    }
}
