package org.ftp2sms.aggregator;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.ftp2sms.service.ConnectorDirectory;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.service.Stage;
import org.ftp2sms.service.StreamsApp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Properties;

/**
 * The status-aggregator: {@link AggregatorTopology} as a Kafka Streams application ({@code exactly_once_v2},
 * RocksDB under {@link StatusAggregatorSettings#stateDir()}) writing the daily exports, and the
 * {@link WebhookSender}. Time of day for the exports comes from the injected {@link Clock}.
 */
public final class StatusAggregatorStage implements Stage {
    private static final Logger log = LoggerFactory.getLogger(StatusAggregatorStage.class);

    private final StatusAggregatorSettings settings;
    private final MeterRegistry registry;
    private final Clock clock;
    private StreamsApp streams;
    private ConnectorDirectory directory;
    private volatile WebhookSender webhooks;
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

        Properties props = settings.kafka().streamsOffThePath(settings.applicationId(), settings.stateDir());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        streams = new StreamsApp(name(), AggregatorTopology.build(settings, clock, registry), props, registry).start();
        log.info("status-aggregator running: applicationId={} exports under {}/homes/<connectorId>/exports window {}-{} UTC, kept {} days",
                settings.applicationId(), settings.dataDir(), settings.windowStart(), settings.windowEnd(), settings.retentionDays());
    }

    @Override
    public boolean isHealthy() {
        StreamsApp current = streams;
        return !closed && current != null && current.isHealthy() && webhooks.isHealthy() && directory.isHealthy();
    }

    @Override
    public boolean isAlive() {
        // The Streams part replaces its own threads; the webhook poller is a plain thread nothing restarts.
        WebhookSender sender = webhooks;
        return closed || sender == null || sender.isAlive();
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
        if (streams != null) {
            streams.close();
        }
        if (directory != null) {
            directory.close();
        }
    }
}
