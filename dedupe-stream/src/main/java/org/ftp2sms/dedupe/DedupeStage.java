package org.ftp2sms.dedupe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.ftp2sms.service.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Properties;

/**
 * Runs {@link DedupeTopology} as a Kafka Streams application ({@code exactly_once_v2}, RocksDB state under
 * {@link DedupeSettings#stateDir()}). A record that cannot be read is logged and skipped; a row the judge fails on
 * gets a {@code 890-internal-error} status; any other processing failure fails the stream thread
 * ({@link FailUnlessPunctuation}), which is replaced and resumes from the last commit.
 */
public final class DedupeStage implements Stage {
    private static final Logger log = LoggerFactory.getLogger(DedupeStage.class);
    /** Restoring a large store from its changelog can take a while before the first RUNNING. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final DedupeSettings settings;
    private final MeterRegistry registry;
    private KafkaStreams streams;
    private KafkaStreamsMetrics metrics;
    private volatile boolean closed;

    public DedupeStage(DedupeSettings settings, MeterRegistry registry) {
        this.settings = settings;
        this.registry = registry;
    }

    @Override
    public String name() {
        return "dedupe-stream";
    }

    @Override
    public synchronized void start() {
        if (streams != null) {
            throw new IllegalStateException(name() + " already started");
        }
        try {
            Files.createDirectories(settings.stateDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the streams state dir " + settings.stateDir(), e);
        }
        Properties props = settings.kafka().streams(settings.applicationId(), settings.stateDir());
        // Bytes that do not read as a Row (or a Connector) carry no message id nor recipient to give a status to, and
        // will never read better on a retry: they are logged and skipped. Nothing valid is lost with them.
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        // Never log-and-continue on processing: that would drop a row without any status. The global table's thread
        // keeps the default (fail): it only stores connectors, so a failure there is the store's, not a row's.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, FailUnlessPunctuation.class);
        // Under exactly_once_v2 the first send after each commit often meets CONCURRENT_TRANSACTIONS while the
        // previous transaction's markers are written; the default 100 ms backoff then stalls the stream thread at
        // every commit (DedupeBenchmark: 16 such waits per 200 000 rows, none at 10 ms). A setting in
        // FTP2SMS_KAFKA_CONFIG_FILE still wins.
        props.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 10);
        streams = new KafkaStreams(DedupeTopology.build(registry, RecipientRetention.of(settings.grace()), settings.connectorWait()), props);
        streams.setUncaughtExceptionHandler(e -> {
            log.error("dedupe stream thread failed, replacing it: {}", e.toString(), e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> log.info("dedupe stream {} -> {}", before, now));
        metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(registry);
        streams.start();
        awaitRunning();
        log.info("dedupe stream running: applicationId={} stateDir={}", settings.applicationId(), settings.stateDir());
    }

    @Override
    public boolean isHealthy() {
        KafkaStreams current = streams;
        return !closed && current != null
                && (current.state() == KafkaStreams.State.RUNNING || current.state() == KafkaStreams.State.REBALANCING);
    }

    /** Tasks of the topology this instance processes now (not the global table); for tests of a rebalance. */
    int activeTaskCount() {
        KafkaStreams current = streams;
        return current == null ? 0 : current.metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (metrics != null) {
            metrics.close();
        }
        // Leaving the group lets a restarted or surviving instance take the partitions at once instead of after
        // the session timeout (Kafka Streams stays in the group on close by default).
        if (streams != null && !streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP))) {
            log.warn("dedupe stream did not stop within {}", CLOSE_TIMEOUT);
        }
    }

    private void awaitRunning() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
                    || state == KafkaStreams.State.NOT_RUNNING || state == KafkaStreams.State.PENDING_SHUTDOWN) {
                throw new IllegalStateException("dedupe stream stopped while starting: " + state);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("dedupe stream not running after " + START_TIMEOUT + " (state " + state + ")");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the dedupe stream", e);
            }
        }
    }
}
