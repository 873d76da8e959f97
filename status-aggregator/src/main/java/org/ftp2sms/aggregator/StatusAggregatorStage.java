package org.ftp2sms.aggregator;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.ftp2sms.service.ConnectorDirectory;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.service.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

/**
 * The status-aggregator: {@link AggregatorTopology} as a Kafka Streams application ({@code exactly_once_v2},
 * RocksDB under {@link StatusAggregatorSettings#stateDir()}) writing the daily exports, and the
 * {@link WebhookSender}. Time of day for the exports comes from the injected {@link Clock}.
 */
public final class StatusAggregatorStage implements Stage {
    private static final Logger log = LoggerFactory.getLogger(StatusAggregatorStage.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final StatusAggregatorSettings settings;
    private final MeterRegistry registry;
    private final Clock clock;
    private KafkaStreams streams;
    private KafkaStreamsMetrics metrics;
    private ConnectorDirectory directory;
    private WebhookSender webhooks;
    private volatile boolean closed;

    public StatusAggregatorStage(StatusAggregatorSettings settings, MeterRegistry registry) {
        this(settings, registry, Clock.systemUTC());
    }

    public StatusAggregatorStage(StatusAggregatorSettings settings, MeterRegistry registry, Clock clock) {
        this.settings = settings;
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "status-aggregator";
    }

    @Override
    public synchronized void start() {
        if (streams != null) {
            throw new IllegalStateException(name() + " already started");
        }
        try {
            Files.createDirectories(settings.stateDir());
            Files.createDirectories(settings.exportsTempDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + settings.stateDir() + " or " + settings.exportsTempDir(), e);
        }
        directory = new ConnectorDirectory(settings.kafka(), KafkaSettings.clientId("aggregator-connectors", settings.instanceId())).start();
        webhooks = new WebhookSender(settings, directory, clock, registry);
        webhooks.start();

        Properties props = settings.kafka().streams(settings.applicationId(), settings.stateDir());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        streams = new KafkaStreams(AggregatorTopology.build(settings, clock, registry), props);
        streams.setUncaughtExceptionHandler(e -> {
            log.error("status-aggregator stream thread failed, replacing it: {}", e.toString(), e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> log.info("status-aggregator stream {} -> {}", before, now));
        metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(registry);
        streams.start();
        awaitRunning();
        log.info("status-aggregator running: applicationId={} exports under {}/homes/<connectorId>/exports window {}-{} UTC, kept {} days",
                settings.applicationId(), settings.dataDir(), settings.windowStart(), settings.windowEnd(), settings.retentionDays());
    }

    @Override
    public boolean isHealthy() {
        KafkaStreams current = streams;
        return !closed && current != null
                && (current.state() == KafkaStreams.State.RUNNING || current.state() == KafkaStreams.State.REBALANCING)
                && webhooks.isHealthy() && directory.isHealthy();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (webhooks != null) {
            webhooks.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        // Leaving the group lets the next instance (or this one restarted) take the partitions at once instead of
        // after the session timeout (Kafka Streams stays in the group on close by default).
        if (streams != null && !streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP))) {
            log.warn("status-aggregator stream did not stop within {}", CLOSE_TIMEOUT);
        }
        if (directory != null) {
            directory.close();
        }
    }

    private void awaitRunning() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
                    || state == KafkaStreams.State.NOT_RUNNING || state == KafkaStreams.State.PENDING_SHUTDOWN) {
                throw new IllegalStateException("status-aggregator stream stopped while starting: " + state);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("status-aggregator stream not running after " + START_TIMEOUT + " (state " + state + ")");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the status-aggregator stream", e);
            }
        }
    }
}
