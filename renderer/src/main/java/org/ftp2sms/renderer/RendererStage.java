package org.ftp2sms.renderer;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.service.ConnectorDirectory;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.service.Stage;
import org.ftp2sms.service.worker.ClientSpec;
import org.ftp2sms.service.worker.KafkaClients;
import org.ftp2sms.service.worker.Resources;
import org.ftp2sms.service.worker.Supervision;
import org.ftp2sms.service.worker.Transaction;
import org.ftp2sms.service.worker.TransactionLimits;
import org.ftp2sms.service.worker.TransactionalWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Renders {@code ftp2sms.rows-unique} into {@code ftp2sms.messages} (keyed connectorId:phone) or refusal statuses
 * on {@code ftp2sms.statuses} (keyed by message id), exactly once ({@link RowsToMessages} on a
 * {@link TransactionalWorker}): each poll batch of up to {@value #MAX_POLL_RECORDS} rows is one transaction, or
 * several when rendering it takes longer than {@link BatchLimits#timeBudget()}. A bad row becomes a status or a dead
 * letter; failures follow the worker model (restart from the committed offsets after a backoff).
 */
public final class RendererStage implements Stage {
    private static final Logger log = LoggerFactory.getLogger(RendererStage.class);
    /** Fewer, larger transactions: each commit waits on the coordinator (notes/throughput-facts.md). */
    static final int MAX_POLL_RECORDS = 5000;

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CONNECTORS_CATCH_UP = Duration.ofSeconds(10);

    private final RendererSettings settings;
    private final MeterRegistry registry;
    private final RendererMetrics metrics;
    private final BatchLimits limits;
    private final KafkaClients clients;
    private final Supervision supervision;
    private final RowRenderer renderer = new RowRenderer(Clock.systemUTC());
    private final Resources resources = new Resources("renderer");
    private ConnectorDirectory connectors;
    private volatile TransactionalWorker worker;
    private volatile boolean closed;

    public RendererStage(RendererSettings settings, MeterRegistry registry) {
        this(settings, registry, BatchLimits.DEFAULTS);
    }

    RendererStage(RendererSettings settings, MeterRegistry registry, BatchLimits limits) {
        this(settings, registry, limits, KafkaClients.REAL, Supervision.DEFAULT);
    }

    RendererStage(
            RendererSettings settings,
            MeterRegistry registry,
            BatchLimits limits,
            KafkaClients clients,
            Supervision supervision) {
        this.settings = settings;
        this.registry = registry;
        this.metrics = new RendererMetrics(registry);
        this.limits = limits;
        this.clients = clients;
        this.supervision = supervision;
    }

    @Override
    public String name() {
        return "renderer";
    }

    @Override
    public synchronized void start() {
        if (worker != null || closed) {
            throw new IllegalStateException(name() + " already started or closed");
        }
        connectors = resources.add(
                "connectors view",
                new ConnectorDirectory(
                                settings.kafka(), KafkaSettings.clientId("renderer-connectors", settings.instanceId()))
                        .start());
        String memberId = KafkaSettings.clientId("renderer", settings.instanceId());
        ClientSpec spec = new ClientSpec(
                settings.kafka(),
                List.of(Topics.ROWS_UNIQUE),
                settings.groupId(),
                memberId,
                settings.transactionalId(),
                Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS),
                Map.of());
        RowsToMessages handler =
                new RowsToMessages(connectors::find, this::catchUpWithConnectors, renderer, metrics, limits);
        worker = resources.add(
                "worker",
                new TransactionalWorker(
                        name(),
                        "renderer",
                        spec,
                        clients,
                        TransactionLimits.timeBounded(limits.timeBudget()),
                        handler,
                        supervision,
                        registry));
        try {
            worker.start(START_TIMEOUT);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info("renderer started: instanceId={} transactionalId={} groupId={}",
                settings.instanceId(), settings.transactionalId(), settings.groupId());
    }

    @Override
    public boolean isHealthy() {
        TransactionalWorker current = worker;
        return !closed && current != null && current.isHealthy() && connectors.isHealthy();
    }

    @Override
    public boolean isAlive() {
        TransactionalWorker current = worker;
        return current == null || closed || current.isAlive();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        resources.close();
    }

    private void catchUpWithConnectors(Transaction tx) {
        try {
            for (Map.Entry<TopicPartition, Long> end :
                    tx.endOffsets(Topics.CONNECTORS).entrySet()) {
                connectors.awaitPosition(end.getKey().partition(), end.getValue(), CONNECTORS_CATCH_UP);
            }
        } catch (TimeoutException e) {
            log.warn("connectors view is behind: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }
}
