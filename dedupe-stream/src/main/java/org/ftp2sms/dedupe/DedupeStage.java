package org.ftp2sms.dedupe;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.ftp2sms.service.Stage;
import org.ftp2sms.service.StreamsApp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Properties;

/**
 * Runs {@link DedupeTopology} as a Kafka Streams application ({@code exactly_once_v2}, RocksDB state under
 * {@link DedupeSettings#stateDir()}). A record that cannot be read is logged and skipped; a row the judge fails on
 * gets a {@code 890-internal-error} status; any other processing failure fails the stream thread
 * ({@link FailUnlessPunctuation}), which is replaced and resumes from the last commit.
 */
public final class DedupeStage implements Stage {
    private static final Logger log = LoggerFactory.getLogger(DedupeStage.class);

    private final DedupeSettings settings;
    private final MeterRegistry registry;
    private StreamsApp streams;
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
        // will never read better on a retry: StreamsApp logs, counts and dead-letters them, and goes on.
        // Never log-and-continue on processing: that would drop a row without any status. The global table's thread
        // keeps the default (fail): it only stores connectors, so a failure there is the store's, not a row's.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, FailUnlessPunctuation.class);
        // Under exactly_once_v2 the first send after each commit often meets CONCURRENT_TRANSACTIONS while the
        // previous transaction's markers are written; the default 100 ms backoff then stalls the stream thread at
        // every commit (DedupeBenchmark: 16 such waits per 200 000 rows, none at 10 ms). A setting in
        // FTP2SMS_KAFKA_CONFIG_FILE still wins.
        props.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 10);
        streams = new StreamsApp(name(), DedupeTopology.build(registry, RecipientRetention.of(settings.grace()),
                settings.connectorWait()), props, registry).start();
        log.info("dedupe stream running: applicationId={} stateDir={}", settings.applicationId(), settings.stateDir());
    }

    @Override
    public boolean isHealthy() {
        StreamsApp current = streams;
        return !closed && current != null && current.isHealthy();
    }

    /** Tasks of the topology this instance processes now (not the global table); for tests of a rebalance. */
    int activeTaskCount() {
        StreamsApp current = streams;
        return current == null ? 0 : current.streams().metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (streams != null) {
            streams.close();
        }
    }

}
