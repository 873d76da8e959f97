package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.ftp2sms.contract.Encoding;
import org.ftp2sms.contract.Message;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.service.worker.SessionWorker;
import org.ftp2sms.service.worker.Supervision;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The poll loop's read ahead, drops and re-reads over a partitioned log held in memory (no broker, no SMSC: a
 * {@link MockConsumer} that reads the log like Kafka does, with positions, pauses and seeks, and an outlet that
 * answers every submit): with the production sizes (buffer, span, per-connector share, window) and files larger
 * than all of them, every message is submitted exactly once and every commit's metadata fits the broker's 4 KiB.
 */
class ReadAheadTest {
    private static final int PARTITIONS = 3;
    private static final int WINDOW = 50;
    private final ExecutorService answers = Executors.newFixedThreadPool(4);
    private volatile boolean closing;
    private final AtomicInteger sessions = new AtomicInteger();
    private SessionWorker worker;
    /** The meters of the last poll loop started. */
    private volatile SimpleMeterRegistry lastRegistry;

    @AfterEach
    void stop() {
        closing = true;
        if (worker != null) {
            worker.close();
        }
        answers.shutdownNow();
    }

    /**
     * The stall seen in the 200 000-row benchmark: one connector's file larger than the read-ahead span and the
     * buffer, after another's; the dispatcher stopped for good with the connector's share full and nothing in
     * the window.
     */
    @Test
    void twoLargeFilesOneAfterTheOtherAreSubmittedWhole() {
        Map<String, Integer> files = new LinkedHashMap<>();
        files.put("warm-up", 20_000);
        files.put("bench", 100_000);
        run(DispatcherSettings.DEFAULT_BUFFER, files, false);
    }

    /** Two connectors' rows interleaved in every partition, one file many times the other. */
    @Test
    void interleavedConnectorsAreSubmittedWhole() {
        Map<String, Integer> files = new LinkedHashMap<>();
        files.put("big", 60_000);
        files.put("small", 6_000);
        run(DispatcherSettings.DEFAULT_BUFFER, files, true);
    }

    /** A small buffer: the span is the buffer, many drops and re-reads. */
    @Test
    void aSmallBufferStillSubmitsEverything() {
        Map<String, Integer> files = new LinkedHashMap<>();
        files.put("a", 5_000);
        files.put("b", 5_000);
        files.put("c", 300);
        run(300, files, true);
    }

    /**
     * kill -9 mid-file, up to a second after the last commit: the messages settled since (hundreds at this pace) are named by the
     * journal written since the commit's time, so the next owner skips them; only the window in flight at the
     * crash is submitted twice. (With no journal to read, every message settled since the commit goes again.)
     */
    @Test
    void afterACrashOnlyTheWindowInFlightIsSubmittedAgain() {
        crashAfter(33_000 / 2);
    }

    /** Before the first periodic commit: the commit made when the partitions were assigned says from when. */
    @Test
    void aCrashBeforeTheFirstCommitRepeatsNoMoreThanTheWindow() {
        crashAfter(300);
    }

    private void crashAfter(int submitted) {
        Map<String, Integer> files = new LinkedHashMap<>();
        files.put("a", 30_000);
        files.put("b", 3_000);
        List<Message> messages = messages(files, true);
        Map<String, AtomicInteger> submits = new ConcurrentHashMap<>();
        Map<String, Long> journal = new ConcurrentHashMap<>();
        PartitionLog first = new PartitionLog(messages, PARTITIONS);
        AtomicBoolean crashed = new AtomicBoolean();
        SessionWorker dying = start(
                first, outlet(submits, journal, crashed, 10), from -> Set.of(), DispatcherSettings.DEFAULT_BUFFER);
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> submits.size() >= submitted);
        // The crash: nothing more is answered or committed; what is in flight stays there.
        crashed.set(true);
        first.refuseCommits = true;
        int beforeCrash = submits.size();
        Map<TopicPartition, OffsetAndMetadata> committed =
                new HashMap<>(first.committed(first.ends().keySet()));
        committed.values().removeIf(Objects::isNull);
        dying.close();

        PartitionLog next = new PartitionLog(messages, PARTITIONS, committed);
        worker = start(
                next,
                outlet(submits, journal, new AtomicBoolean(), 10),
                from -> journal.entrySet().stream()
                        .filter(e -> e.getValue() >= from.toEpochMilli())
                        .map(Map.Entry::getKey)
                        .collect(Collectors.toSet()),
                DispatcherSettings.DEFAULT_BUFFER);
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> submits.size() == messages.size() || !worker.isAlive());

        assertThat(submits).as("every message submitted").hasSize(messages.size());
        long repeats = submits.values().stream().mapToInt(n -> n.get() - 1).sum();
        System.out.printf("crash after %d of %d messages: %d submitted again%n", beforeCrash, messages.size(), repeats);
        assertThat(repeats).as("messages submitted twice").isLessThanOrEqualTo(WINDOW);
        // The journal named every message submitted before the crash; those not met again are forgotten once the
        // partitions are handled past where they ended at the take-over, not kept for the session's life.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> lastRegistry
                                .get("ftp2sms.dispatcher.journalled.to.skip")
                                .gauge()
                                .value()
                        == 0);
    }

    private void run(int buffer, Map<String, Integer> files, boolean interleaved) {
        List<Message> messages = messages(files, interleaved);
        PartitionLog consumer = new PartitionLog(messages, PARTITIONS);
        Map<String, AtomicInteger> submits = new ConcurrentHashMap<>();
        worker = start(
                consumer, outlet(submits, new ConcurrentHashMap<>(), new AtomicBoolean(), 0), from -> Set.of(), buffer);

        // A stall is for ever: the bound only ends the test.
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> submits.size() == messages.size() || !worker.isAlive());
        assertThat(sessions.get()).as("sessions (a failure starts a new one)").isEqualTo(1);
        assertThat(submits).as("messages submitted").hasSize(messages.size());
        assertThat(submits.values()).as("submits per message").allMatch(n -> n.get() == 1);
        // Everything settled is committed: a restart would read nothing again.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> consumer.committedEnds().equals(consumer.ends()));
        assertThat(consumer.longestMetadata()).as("longest commit metadata").isLessThan(4096);
    }

    /**
     * Answers every submit after {@code answerAfterMs} (counted per message, its journal entry's time kept), or, after a
     * crash, never: the message stays in flight.
     */
    private DispatchLoop.Outlet outlet(
            Map<String, AtomicInteger> submits, Map<String, Long> journal, AtomicBoolean crashed, long answerAfterMs) {
        return new DispatchLoop.Outlet() {
            @Override
            public boolean hasRoom(String route) {
                return true;
            }

            @Override
            public Optional<CompletableFuture<Void>> submit(ReadyMessage m) {
                if (crashed.get()) {
                    return Optional.of(new CompletableFuture<>());
                }
                submits.computeIfAbsent(m.message().messageId(), k -> new AtomicInteger())
                        .incrementAndGet();
                return Optional.of(CompletableFuture.runAsync(
                        () -> journal.put(m.message().messageId(), System.currentTimeMillis()),
                        CompletableFuture.delayedExecutor(answerAfterMs, TimeUnit.MILLISECONDS, answers)));
            }
        };
    }

    /** The poll loop over {@code consumer} with the production sizes, under its supervising worker. */
    private SessionWorker start(
            PartitionLog consumer, DispatchLoop.Outlet outlet, DispatchLoop.SubmittedMessages submitted, int buffer) {
        DispatcherSettings sizes = new DispatcherSettings(
                        new KafkaSettings("localhost:9", Map.of(), null),
                        "localhost",
                        2775,
                        "ftp2sms",
                        "ftp2sms",
                        WINDOW,
                        "read-ahead-test")
                .withBuffer(buffer);
        Clock clock = Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC);
        FairScheduler scheduler = new FairScheduler(new FairScheduler.Shares() {
            @Override
            public int priority(String connectorId) {
                return 5;
            }

            @Override
            public int maxPerSecond(String connectorId) {
                return 0;
            }
        }, clock);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        lastRegistry = registry;
        AtomicReference<SessionWorker> holder = new AtomicReference<>();
        SessionWorker started = new SessionWorker(
                "dispatcher-poll-test",
                "dispatcher",
                () -> {
                    sessions.incrementAndGet();
                    return new DispatchLoop(
                            consumer,
                            new OffsetTracker(WINDOW, sizes.readAhead()),
                            scheduler,
                            outlet,
                            phone -> "smsc",
                            () -> closing,
                            sizes.buffer(),
                            sizes.bufferPerConnector(),
                            registry,
                            new EventPublisher(new MockProducer<>()),
                            clock,
                            holder.get(),
                            new DispatchLoop.Gauges(registry),
                            submitted);
                },
                Supervision.DEFAULT,
                registry);
        holder.set(started);
        started.start(Duration.ofSeconds(30));
        return started;
    }

    private static List<Message> messages(Map<String, Integer> files, boolean interleaved) {
        List<List<Message>> perFile = new ArrayList<>();
        files.forEach((connector, rows) -> {
            List<Message> file = new ArrayList<>(rows);
            for (int i = 1; i <= rows; i++) {
                file.add(DispatcherFixture.message("file-" + connector, connector, i, "3247" + (1_000_000 + i),
                        "message " + i, Encoding.GSM7));
            }
            perFile.add(file);
        });
        List<Message> all = new ArrayList<>();
        if (!interleaved) {
            perFile.forEach(all::addAll);
            return all;
        }
        // Round robin, each file at its own pace: the small one is spread over the whole large one.
        int total = perFile.stream().mapToInt(List::size).sum();
        int[] next = new int[perFile.size()];
        for (int n = 0; n < total; n++) {
            for (int f = 0; f < perFile.size(); f++) {
                List<Message> file = perFile.get(f);
                if (next[f] < file.size() && (long) next[f] * total <= (long) n * file.size()) {
                    all.add(file.get(next[f]++));
                }
            }
        }
        return all;
    }
}
