package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.service.ConnectorDirectory;
import org.ftp2sms.service.StreamsApp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

/**
 * The durable calendar hold in front of the SMPP sender: a Kafka Streams application ({@code exactly_once_v2})
 * from {@code ftp2sms.messages} to {@code ftp2sms.messages-ready} through {@link CalendarHoldProcessor}. Held
 * messages live in a RocksDB store backed by its changelog topic, so they survive restarts and move with their
 * partition to another instance; the release is a wall-clock punctuation that asks the injected {@link Clock}.
 *
 * <p>Why this and not pausing partitions or an internal "held" topic read by a timer: a paused partition (or a
 * topic read in order) makes every message behind a held one wait, whatever its connector; a store sorted by
 * release time holds each message on its own, and Streams gives the store, its restore and the exactly-once
 * hand-over to the ready topic for free. Cost: one more hop for every message (a Streams pass-through is far
 * faster than an SMSC bind).
 */
final class CalendarHold implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CalendarHold.class);

    private final StreamsApp streams;
    private final Path stateDir;

    CalendarHold(DispatcherSettings settings, ConnectorDirectory connectors, Clock clock, Duration punctuation,
                 MeterRegistry registry) {
        this.stateDir = settings.dataDir().resolve("streams").resolve("dispatcher-calendar").toAbsolutePath();
        Topology topology = topology(new ConnectorSchedules(connectors::find), clock, punctuation,
                registry.counter("ftp2sms.dispatcher.calendar.held"), registry.counter("ftp2sms.dispatcher.calendar.released"));
        try {
            Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the calendar hold's state dir " + stateDir, e);
        }
        Properties props = settings.kafka().streams(settings.calendarApplicationId(), stateDir);
        props.put(StreamsConfig.CLIENT_ID_CONFIG, "dispatcher-calendar-" + settings.instanceId());
        // After a hard crash, the partitions of the dead instance move within this time, not the default 45 s.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), DispatcherStage.SESSION_TIMEOUT_MS);
        this.streams = new StreamsApp("calendar hold", topology, props, registry);
    }

    /**
     * {@code ftp2sms.messages} through {@link CalendarHoldProcessor} (and its store) to {@code ftp2sms.messages-ready},
     * or, for a dry run, to {@code ftp2sms.dry-run-messages}.
     */
    static Topology topology(ConnectorSchedules schedules, Clock clock, Duration punctuation, Counter held, Counter released) {
        Topology topology = new Topology();
        topology.addSource("messages", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), Topics.MESSAGES);
        topology.addProcessor("calendar", () -> new CalendarHoldProcessor(schedules, clock, punctuation, held, released),
                "messages");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CalendarHoldProcessor.STORE),
                Serdes.String(), Serdes.ByteArray()), "calendar");
        topology.addSink(CalendarHoldProcessor.READY, Topics.MESSAGES_READY, Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), "calendar");
        topology.addSink(CalendarHoldProcessor.DRY_RUN, Topics.DRY_RUN_MESSAGES, Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), "calendar");
        return topology;
    }

    void start() {
        streams.start();
        log.info("calendar hold running: stateDir={}", stateDir);
    }

    boolean isHealthy() {
        return streams.isHealthy();
    }

    @Override
    public void close() {
        streams.close();
    }
}
