package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.ftp2sms.contract.Encoding;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.RecipientKey;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.JsonSerde;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

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
    private SessionWorker worker;

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

    private void run(int buffer, Map<String, Integer> files, boolean interleaved) {
        List<Message> messages = messages(files, interleaved);
        PartitionLog consumer = new PartitionLog(messages);
        Map<String, AtomicInteger> submits = new ConcurrentHashMap<>();
        DispatchLoop.Outlet outlet = new DispatchLoop.Outlet() {
            @Override
            public boolean hasRoom(String route) {
                return true;
            }

            @Override
            public Optional<CompletableFuture<Void>> submit(ReadyMessage m) {
                submits.computeIfAbsent(m.message().messageId(), k -> new AtomicInteger()).incrementAndGet();
                return Optional.of(CompletableFuture.runAsync(() -> { }, answers));
            }
        };
        DispatcherSettings sizes = new DispatcherSettings(new KafkaSettings("localhost:9", Map.of(), null),
                "localhost", 2775, "ftp2sms", "ftp2sms", WINDOW, "read-ahead-test").withBuffer(buffer);
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
        AtomicReference<SessionWorker> holder = new AtomicReference<>();
        AtomicInteger sessions = new AtomicInteger();
        worker = new SessionWorker("dispatcher-poll-test", "dispatcher", () -> {
            sessions.incrementAndGet();
            return new DispatchLoop(consumer, new OffsetTracker(WINDOW, sizes.readAhead()), scheduler, outlet,
                    phone -> "smsc", () -> closing, sizes.buffer(), sizes.bufferPerConnector(), registry,
                    new EventPublisher(new MockProducer<>()), clock, holder.get(), new DispatchLoop.Gauges(registry));
        }, Supervision.DEFAULT, registry);
        holder.set(worker);
        worker.start(Duration.ofSeconds(30));

        // A stall is for ever: the bound only ends the test.
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> submits.size() == messages.size() || !worker.isAlive());
        assertThat(sessions.get()).as("sessions (a failure starts a new one)").isEqualTo(1);
        assertThat(submits).as("messages submitted").hasSize(messages.size());
        assertThat(submits.values()).as("submits per message").allMatch(n -> n.get() == 1);
        // Everything settled is committed: a restart would read nothing again.
        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.committedEnds().equals(consumer.ends()));
        assertThat(consumer.longestMetadata()).as("longest commit metadata").isLessThan(4096);
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

    /**
     * The ready topic as Kafka serves it: records by partition (by key, as the producer spreads them), read from
     * each partition's position, at most 500 a poll, none from a paused partition, seeks honoured; commits kept.
     */
    private static final class PartitionLog extends MockConsumer<String, byte[]> {
        private final Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> log = new HashMap<>();
        private final AtomicLong longestMetadata = new AtomicLong();
        private boolean assigned;

        PartitionLog(List<Message> messages) {
            super("earliest");
            Map<TopicPartition, Long> beginnings = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                TopicPartition tp = new TopicPartition(Topics.MESSAGES_READY, p);
                log.put(tp, new ArrayList<>());
                beginnings.put(tp, 0L);
            }
            for (Message m : messages) {
                String key = RecipientKey.of(m.connectorId(), m.phone());
                TopicPartition tp = new TopicPartition(Topics.MESSAGES_READY, Math.floorMod(key.hashCode(), PARTITIONS));
                List<ConsumerRecord<String, byte[]>> records = log.get(tp);
                records.add(new ConsumerRecord<>(tp.topic(), tp.partition(), records.size(), key,
                        JsonSerde.of(Message.class).serializer().serialize(tp.topic(), m)));
            }
            updateBeginningOffsets(beginnings);
        }

        @Override
        public synchronized ConsumerRecords<String, byte[]> poll(Duration timeout) {
            if (!assigned) {
                assigned = true;
                rebalance(log.keySet()); // calls the loop's listener
            }
            Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> batch = new HashMap<>();
            int budget = 500;
            for (TopicPartition tp : assignment()) {
                if (paused().contains(tp) || budget == 0) {
                    continue;
                }
                List<ConsumerRecord<String, byte[]>> records = log.get(tp);
                int from = (int) position(tp);
                int to = Math.min(records.size(), from + budget);
                if (to > from) {
                    batch.put(tp, new ArrayList<>(records.subList(from, to)));
                    budget -= to - from;
                    seek(tp, to);
                }
            }
            if (batch.isEmpty()) {
                try {
                    Thread.sleep(Math.min(timeout.toMillis(), 2));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new ConsumerRecords<>(batch, Map.of());
        }

        @Override
        public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
            measure(offsets);
            super.commitAsync(offsets, callback);
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            measure(offsets);
            super.commitSync(offsets);
        }

        private void measure(Map<TopicPartition, OffsetAndMetadata> offsets) {
            offsets.values().forEach(o -> longestMetadata.accumulateAndGet(o.metadata().length(), Math::max));
        }

        long longestMetadata() {
            return longestMetadata.get();
        }

        synchronized Map<TopicPartition, Long> committedEnds() {
            Map<TopicPartition, Long> ends = new HashMap<>();
            committed(log.keySet()).forEach((tp, o) -> ends.put(tp, o == null ? 0L : o.offset()));
            return ends;
        }

        Map<TopicPartition, Long> ends() {
            Map<TopicPartition, Long> ends = new HashMap<>();
            log.forEach((tp, records) -> ends.put(tp, (long) records.size()));
            return ends;
        }
    }
}
