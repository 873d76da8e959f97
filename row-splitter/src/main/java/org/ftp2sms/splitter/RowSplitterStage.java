package org.ftp2sms.splitter;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.ftp2sms.contract.FileDigest;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.service.ConnectorDirectory;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.service.LiveTopicView;
import org.ftp2sms.service.Stage;
import org.ftp2sms.service.worker.ClientSpec;
import org.ftp2sms.service.worker.KafkaClients;
import org.ftp2sms.service.worker.Resources;
import org.ftp2sms.service.worker.Supervision;
import org.ftp2sms.service.worker.TransactionLimits;
import org.ftp2sms.service.worker.TransactionalWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Consumes {@code ftp2sms.file-arrivals} and turns each stored file into rows, statuses and ingestion reports
 * ({@link FilesToRows}, {@link FileSplitter}), in ONE Kafka transaction per file together with the consumed offset
 * ({@link TransactionalWorker}, {@link TransactionLimits#perRecord()}): a file is published whole or not at all, and
 * a crash mid-file re-reads it from the start (same message ids, no duplicate downstream).
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
 * <p>Failures: a file-specific problem ends as a REJECTED report. A stored file the storage fails to read
 * ({@link StoredFileUnavailableException}: the file is kept) is retried after a pause; a Kafka error aborts and
 * rewinds (fenced: new clients); anything else follows the worker model, and a file the stage fails on
 * {@link Supervision#ATTEMPTS_BEFORE_REFUSING} times is rejected. The stage never dies of one file.
 */
public final class RowSplitterStage implements Stage {
    private static final Logger log = LoggerFactory.getLogger(RowSplitterStage.class);
    private static final Duration VIEW_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final RowSplitterSettings settings;
    private final MeterRegistry registry;
    private final FileSplitter splitter;
    private final KafkaClients clients;
    private final Supervision supervision;
    private final Resources resources = new Resources("row-splitter");
    private ConnectorDirectory connectors;
    private LiveTopicView<FileDigest> digests;
    private volatile TransactionalWorker worker;
    private volatile boolean closed;

    public RowSplitterStage(RowSplitterSettings settings, MeterRegistry registry) {
        this(settings, registry, Clock.systemUTC());
    }

    public RowSplitterStage(RowSplitterSettings settings, MeterRegistry registry, Clock clock) {
        this(settings, registry, clock, KafkaClients.REAL, Supervision.DEFAULT);
    }

    RowSplitterStage(
            RowSplitterSettings settings,
            MeterRegistry registry,
            Clock clock,
            KafkaClients clients,
            Supervision supervision) {
        this.settings = settings;
        this.registry = registry;
        this.splitter = new FileSplitter(settings.maxRows(), settings.maxBytes(), clock);
        this.clients = clients;
        this.supervision = supervision;
    }

    @Override
    public String name() {
        return "row-splitter";
    }

    @Override
    public synchronized void start() {
        if (worker != null || closed) {
            throw new IllegalStateException(name() + " already started or closed");
        }
        try {
            connectors = resources.add(
                    "connectors view",
                    new ConnectorDirectory(
                                    settings.kafka(),
                                    KafkaSettings.clientId("row-splitter-connectors", settings.instanceId()))
                            .start());
            digests = resources.add(
                    "digests view",
                    new LiveTopicView<>(
                                    settings.kafka(),
                                    Topics.FILE_DIGESTS,
                                    FileDigest.class,
                                    KafkaSettings.clientId("row-splitter-digests", settings.instanceId()))
                            .start(VIEW_TIMEOUT));
        } catch (TimeoutException | InterruptedException e) {
            resources.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("row-splitter: the file digests could not be read: " + e.getMessage(), e);
        }
        String memberId = KafkaSettings.clientId("row-splitter", settings.instanceId());
        ClientSpec spec = new ClientSpec(
                settings.kafka(),
                List.of(Topics.FILE_ARRIVALS),
                settings.groupId(),
                memberId,
                "row-splitter-" + settings.instanceId(),
                // Each record is a whole file and its own transaction: one per poll keeps a poll well inside
                // max.poll.interval.ms.
                Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1),
                // A 200 000-row file is one transaction: leave it time on a busy machine.
                Map.of(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int)
                        Duration.ofMinutes(5).toMillis()));
        FilesToRows handler = new FilesToRows(splitter, new StageViews(connectors, digests), registry, () -> closed);
        worker = resources.add(
                "worker",
                new TransactionalWorker(
                        name(),
                        "splitter",
                        spec,
                        clients,
                        TransactionLimits.perRecord(),
                        handler,
                        supervision,
                        registry));
        try {
            worker.start(START_TIMEOUT);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info("row-splitter started: instance={} group={} maxRows={} maxBytes={}", settings.instanceId(),
                settings.groupId(), settings.maxRows(), settings.maxBytes());
    }

    @Override
    public boolean isHealthy() {
        TransactionalWorker current = worker;
        return !closed && current != null && current.isHealthy() && connectors.isHealthy() && digests.isHealthy();
    }

    @Override
    public boolean isAlive() {
        TransactionalWorker current = worker;
        return current == null || closed || current.isAlive();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        resources.close();
    }

    private record StageViews(ConnectorDirectory connectors, LiveTopicView<FileDigest> digests)
            implements FilesToRows.Views {
        @Override
        public Optional<Connector> connector(String connectorId) {
            return connectors.find(connectorId);
        }

        @Override
        public Optional<FileDigest> digest(String key) {
            return digests.get(key);
        }

        @Override
        public void awaitDigests(int partition, long offset, Duration timeout)
                throws TimeoutException, InterruptedException {
            digests.awaitPosition(partition, offset, timeout);
        }
    }
}
