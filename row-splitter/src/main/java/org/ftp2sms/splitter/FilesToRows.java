package org.ftp2sms.splitter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TransactionAbortedException;
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
import org.ftp2sms.service.DeadLetters;
import org.ftp2sms.service.PipelineCounters;
import org.ftp2sms.service.Unreadable;
import org.ftp2sms.service.worker.RetryLater;
import org.ftp2sms.service.worker.Transaction;
import org.ftp2sms.service.worker.TransactionalHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * What the row splitter does to a {@code ftp2sms.file-arrivals} record, in the file's own transaction: the stored
 * file becomes rows ({@code ftp2sms.rows}), refusal statuses ({@code ftp2sms.statuses}), its ingestion reports
 * ({@code ftp2sms.ingestions}) and, once completed, its digest ({@code ftp2sms.file-digests}); {@link FileSplitter}
 * reads it. A file-specific problem ends as one REJECTED report (what was sent of the file is discarded first); a
 * repeat within the connector's {@code repeatedFileWindow} as an IGNORED one. The stored file is deleted only after
 * the commit. A stored file the storage cannot read ({@link StoredFileUnavailableException}) is retried, never
 * rejected: the worker aborts, rewinds and tries again after a pause.
 */
final class FilesToRows implements TransactionalHandler {
    private static final Logger log = LoggerFactory.getLogger(FilesToRows.class);
    /** How long a connector unknown to the directory is waited for: it may have been created a moment ago. */
    private static final Duration CONNECTOR_GRACE = Duration.ofSeconds(5);

    private static final Duration VIEW_TIMEOUT = Duration.ofSeconds(60);

    /** The views the splitter decides with: connectors and the digests of files already split. */
    interface Views {
        Optional<Connector> connector(String connectorId);

        Optional<FileDigest> digest(String key);

        /** Waits until the digests view has read a partition up to {@code offset}. */
        void awaitDigests(int partition, long offset, Duration timeout) throws TimeoutException, InterruptedException;
    }

    private final FileSplitter splitter;
    private final Views views;
    private final MeterRegistry registry;
    private final BooleanSupplier closing;
    private final Deserializer<FileArrived> arrivalJson =
            JsonSerde.of(FileArrived.class).deserializer();
    private final Serializer<Row> rowJson = JsonSerde.of(Row.class).serializer();
    private final Serializer<Status> statusJson = JsonSerde.of(Status.class).serializer();
    private final Serializer<IngestionReport> reportJson =
            JsonSerde.of(IngestionReport.class).serializer();
    private final Serializer<FileDigest> digestJson =
            JsonSerde.of(FileDigest.class).serializer();
    private final Counter rowsPublished;
    private final Counter rowsRefused;
    private final Counter storageRetries;
    /** What to do once the file's transaction committed (count it, log it, delete the stored file). */
    private Runnable afterCommit;

    FilesToRows(FileSplitter splitter, Views views, MeterRegistry registry, BooleanSupplier closing) {
        this.splitter = splitter;
        this.views = views;
        this.registry = registry;
        this.closing = closing;
        this.rowsPublished = PipelineCounters.rows(registry, "row-splitter", "published");
        this.rowsRefused = PipelineCounters.rows(registry, "row-splitter", "refused");
        this.storageRetries = Counter.builder("ftp2sms.splitter.retries")
                .tag("cause", "storage")
                .description("files put back for a retry because their stored copy could not be read")
                .register(registry);
    }

    @Override
    public void handle(ConsumerRecord<String, byte[]> record, Transaction tx) {
        FileArrived file = read(record, tx, null);
        if (file != null) {
            split(file, tx);
        }
    }

    /**
     * The file is rejected: the worker failed on it again and again, or its outputs cannot be written (a row too
     * large for the topic). The reason never carries the exception's text unless it is the file's own fault.
     */
    @Override
    public void refuse(ConsumerRecord<String, byte[]> record, Transaction tx, Throwable cause) {
        FileArrived file = read(record, tx, cause);
        if (file == null) {
            return;
        }
        log.error(
                "row-splitter rejects fileIngestionId={} connectorId={} after {}",
                file.fileIngestionId(),
                file.connectorId(),
                cause == null ? "?" : cause.getClass().getSimpleName());
        endWithReport(
                file,
                IngestionState.REJECTED,
                isFileSpecific(cause)
                        ? "the file could not be published: " + rootMessage(cause)
                        : "the file could not be processed because of an internal error (logged with its fileIngestionId)",
                tx);
    }

    @Override
    public void committed() {
        Runnable after = afterCommit;
        afterCommit = null;
        if (after != null) {
            after.run();
        }
    }

    @Override
    public void aborted() {
        afterCommit = null;
    }

    /**
     * The arrival, or null when it cannot be read: no message id can be derived from it, so the raw record is kept
     * on the dead-letter topic, in the transaction that moves past it.
     */
    private FileArrived read(ConsumerRecord<String, byte[]> record, Transaction tx, Throwable refusal) {
        String unreadable;
        try {
            FileArrived file = arrivalJson.deserialize(record.topic(), record.value());
            if (file != null && file.fileIngestionId() != null && file.connectorId() != null) {
                return file;
            }
            unreadable = "no fileIngestionId or connectorId";
        } catch (RuntimeException e) {
            unreadable = Unreadable.reasonOf(e);
        }
        if (refusal != null) {
            unreadable = "the row splitter failed on it: " + refusal.getClass().getSimpleName();
        }
        Unreadable skipped = new Unreadable(
                        record.topic(), record.partition(), record.offset(), "row-splitter", unreadable)
                .report(registry);
        tx.send(DeadLetters.of(skipped, record.key(), record.value()));
        return null;
    }

    private void split(FileArrived file, Transaction tx) {
        // No grace wait for the connector of a replayed file whose stored copy is gone: it is skipped anyway.
        // notExists, not !exists: a stored file whose existence cannot be told (a storage error) is waited for like
        // any other, so that it is retried as unreadable rather than rejected for a connector not looked up.
        Connector connector = Files.notExists(Path.of(file.storedPath()))
                ? null
                : findConnector(file.connectorId()).orElse(null);
        Optional<FileDigest> earlier =
                connector == null ? Optional.empty() : earlierWithSameContent(file, connector, tx);
        if (earlier.isPresent()) {
            ignoreRepeat(file, earlier.get(), connector.options().repeatedFileWindowOrDefault(), tx);
            return;
        }
        TransactionalOutput out = new TransactionalOutput(tx, file.connectorId());
        SplitOutcome outcome;
        try {
            outcome = splitter.split(file, connector, out);
        } catch (FileRefusedException e) {
            tx.discard();
            endWithReport(file, IngestionState.REJECTED, e.getMessage(), tx);
            return;
        } catch (StoredFileUnavailableException e) {
            // The storage's fault, not the file's: rejecting would delete the customer's file for good.
            storageRetries.increment();
            log.warn(
                    "row-splitter will retry fileIngestionId={} connectorId={}: {}",
                    file.fileIngestionId(),
                    file.connectorId(),
                    e.getMessage());
            throw e;
        } catch (KafkaException e) {
            throw e;
        } catch (RuntimeException e) {
            // Anything unforeseen in one file must not stop the stage: the file is rejected. The exception's text
            // goes to the log only: it may name server-side paths or classes, nothing for the customer.
            log.error(
                    "row-splitter failed on fileIngestionId={} connectorId={}",
                    file.fileIngestionId(),
                    file.connectorId(),
                    e);
            tx.discard();
            endWithReport(
                    file,
                    IngestionState.REJECTED,
                    "the file could not be processed because of an internal error (logged with its fileIngestionId)",
                    tx);
            return;
        }
        if (outcome.state() == IngestionState.COMPLETED) {
            out.digest(new FileDigest(
                    file.connectorId(), file.sha256(), file.fileIngestionId(), file.fileName(), file.receivedAt()));
        }
        afterCommit = () -> split(file, outcome);
    }

    /** Once the file's transaction committed. */
    private void split(FileArrived file, SplitOutcome outcome) {
        if (outcome.isMissing()) {
            log.warn(
                    "row-splitter skips fileIngestionId={} connectorId={}: {} (already processed and deleted?)",
                    file.fileIngestionId(),
                    file.connectorId(),
                    outcome.reason());
            count("missing");
            return;
        }
        rowsPublished.increment(outcome.rows() - outcome.invalidRows());
        rowsRefused.increment(outcome.invalidRows());
        count(outcome.state());
        log.info(
                "row-splitter fileIngestionId={} connectorId={} {} rows={} invalidRows={}{}",
                file.fileIngestionId(),
                file.connectorId(),
                outcome.state(),
                outcome.rows(),
                outcome.invalidRows(),
                outcome.state() == IngestionState.COMPLETED || outcome.state() == IngestionState.DRY_RUN
                        ? ""
                        : " reason=" + outcome.reason());
        deleteStored(file);
    }

    /**
     * The latest file of this connector with the same content, processed within its {@code repeatedFileWindow} before
     * this one arrived. Reads the digests topic to its end first: the instance that had this connector's partition
     * before a rebalance may have written the digest a moment ago.
     */
    private Optional<FileDigest> earlierWithSameContent(FileArrived file, Connector connector, Transaction tx) {
        Duration window =
                connector.options() == null ? null : connector.options().repeatedFileWindowOrDefault();
        if (window == null || window.isZero() || file.sha256() == null) {
            return Optional.empty();
        }
        catchUpDigests(tx);
        return views.digest(FileDigest.key(file.connectorId(), file.sha256()))
                .filter(d -> !d.fileIngestionId().equals(file.fileIngestionId()))
                .filter(d -> !d.receivedAt().isAfter(file.receivedAt())
                        && !d.receivedAt().isBefore(file.receivedAt().minus(window)));
    }

    private void catchUpDigests(Transaction tx) {
        for (Map.Entry<TopicPartition, Long> end :
                tx.endOffsets(Topics.FILE_DIGESTS).entrySet()) {
            try {
                views.awaitDigests(end.getKey().partition(), end.getValue(), VIEW_TIMEOUT);
            } catch (TimeoutException e) {
                throw new RetryLater("the file digests view is behind: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new org.apache.kafka.common.errors.InterruptException(e);
            }
        }
    }

    /** An IGNORED report naming the earlier file with the same content. */
    private void ignoreRepeat(FileArrived file, FileDigest earlier, Duration window, Transaction tx) {
        String reason = "the same content as " + earlier.fileName() + " (fileIngestionId " + earlier.fileIngestionId()
                + ", received " + earlier.receivedAt() + ") was received within the connector's repeatedFileWindow ("
                + window + "): not sent again";
        endWithReport(file, IngestionState.IGNORED, reason, tx);
    }

    /** The file's final report only; once committed, the stored file goes. */
    private void endWithReport(FileArrived file, IngestionState state, String reason, Transaction tx) {
        new TransactionalOutput(tx, file.connectorId()).report(splitter.report(file, state, reason, 0, 0));
        afterCommit = () -> {
            count(state);
            log.info(
                    "row-splitter fileIngestionId={} connectorId={} {} reason={}",
                    file.fileIngestionId(),
                    file.connectorId(),
                    state,
                    reason);
            deleteStored(file);
        };
    }

    private Optional<Connector> findConnector(String connectorId) {
        long deadline = System.nanoTime() + CONNECTOR_GRACE.toNanos();
        Optional<Connector> found = views.connector(connectorId);
        while (found.isEmpty() && System.nanoTime() < deadline && !closing.getAsBoolean()) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new org.apache.kafka.common.errors.InterruptException(e);
            }
            found = views.connector(connectorId);
        }
        return found;
    }

    private static boolean isFileSpecific(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof SerializationException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    private void deleteStored(FileArrived file) {
        try {
            Files.deleteIfExists(Path.of(file.storedPath()));
        } catch (IOException e) {
            log.warn(
                    "row-splitter could not delete the stored file of fileIngestionId={}: {}",
                    file.fileIngestionId(),
                    e.toString());
        }
    }

    private void count(IngestionState state) {
        count(state.name().toLowerCase(Locale.ROOT));
    }

    /** A file's end: its report's state, or {@code missing} (gone from the store: already processed). */
    private void count(String state) {
        PipelineCounters.files(registry, "row-splitter", state).increment();
    }

    /** Async sends into the open transaction; a failed send makes the commit fail, so it is only logged here. */
    private final class TransactionalOutput implements SplitOutput {
        private final Transaction tx;
        private final String connectorId;
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private final Callback callback;

        TransactionalOutput(Transaction tx, String connectorId) {
            this.tx = tx;
            this.connectorId = connectorId;
            this.callback = (metadata, e) -> {
                if (e != null && !(e instanceof TransactionAbortedException) && failure.compareAndSet(null, e)) {
                    log.warn("row-splitter send failed for connectorId={}: {}", connectorId, e.toString());
                }
            };
        }

        @Override
        public void report(IngestionReport report) {
            tx.send(
                    new ProducerRecord<>(
                            Topics.INGESTIONS,
                            report.fileIngestionId(),
                            reportJson.serialize(Topics.INGESTIONS, report)),
                    callback);
        }

        @Override
        public void row(Row row) {
            tx.send(
                    new ProducerRecord<>(
                            Topics.ROWS,
                            RecipientKey.of(connectorId, row.phone()),
                            rowJson.serialize(Topics.ROWS, row)),
                    callback);
        }

        void digest(FileDigest digest) {
            String key = FileDigest.key(digest.connectorId(), digest.sha256());
            tx.send(
                    new ProducerRecord<>(Topics.FILE_DIGESTS, key, digestJson.serialize(Topics.FILE_DIGESTS, digest)),
                    callback);
        }

        @Override
        public void status(Status status) {
            tx.send(
                    new ProducerRecord<>(
                            Topics.STATUSES, status.messageId(), statusJson.serialize(Topics.STATUSES, status)),
                    callback);
        }
    }
}
