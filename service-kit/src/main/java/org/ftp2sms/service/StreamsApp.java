package org.ftp2sms.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Properties;

/**
 * One Kafka Streams application run the way every stage runs one: exactly-once (from {@link KafkaSettings#streams}),
 * unreadable records logged, counted, kept on the dead-letter topic and skipped ({@link DeadLetterDeserializationHandler}), a failed stream thread replaced
 * (processing resumes from the last commit), metrics bound to Micrometer, {@link #start()} returning once
 * RUNNING, and {@link #close()} leaving the group so that a restarted or surviving instance takes the partitions
 * at once instead of after the session timeout (Kafka Streams stays in the group on close by default).
 */
public final class StreamsApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics metrics;
    private boolean closed;

    /** @param props from {@link KafkaSettings#streams}, plus what this application adds */
    public StreamsApp(String name, Topology topology, Properties props, MeterRegistry registry) {
        this.name = name;
        Properties all = new Properties();
        all.putAll(props);
        all.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        this.streams = new KafkaStreams(topology, all);
        streams.setUncaughtExceptionHandler(e -> {
            log.error("{} stream thread failed, replacing it: {}", name, e.toString(), e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> log.info("{} stream {} -> {}", name, before, now));
        this.metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(registry);
    }

    /** Starts the application and waits until it is RUNNING. */
    public StreamsApp start() {
        streams.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
                    || state == KafkaStreams.State.NOT_RUNNING || state == KafkaStreams.State.PENDING_SHUTDOWN) {
                throw new IllegalStateException(name + " stream stopped while starting: " + state);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " stream not running after " + START_TIMEOUT + " (state " + state + ")");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the " + name + " stream", e);
            }
        }
        return this;
    }

    /** Running, or rebalancing on its way back to running. */
    public boolean isHealthy() {
        KafkaStreams.State state = streams.state();
        return !closed && (state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING);
    }

    /** The application itself, for interactive queries. */
    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        metrics.close();
        if (!streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP))) {
            log.warn("{} stream did not stop within {}", name, CLOSE_TIMEOUT);
        }
    }
}
