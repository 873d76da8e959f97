package org.ftp2sms.service.worker;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.testkit.MutableClock;
import org.ftp2sms.testkit.GatedPause;
import org.ftp2sms.testkit.MockKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The at-least-once worker on {@link MockKafka}: records settle later, out of order. */
class AtLeastOnceWorkerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String IN = "in";
    private static final TopicPartition PARTITION = new TopicPartition(IN, 0);

    private final MockKafka kafka = new MockKafka();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    /** Handled and not settled yet, by offset. */
    private final Map<Long, String> inFlight = new ConcurrentHashMap<>();

    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private AtLeastOnceWorker worker;

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.close();
        }
    }

    private final AtLeastOnceHandler later = new AtLeastOnceHandler() {
        @Override
        public boolean handle(ConsumerRecord<String, byte[]> record) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            handled.add(value);
            if (value.startsWith("now")) {
                return true;
            }
            inFlight.put(record.offset(), value);
            return false;
        }

        @Override
        public void refuse(ConsumerRecord<String, byte[]> record, Throwable cause) {
            refused.add(new String(record.value(), StandardCharsets.UTF_8));
        }
    };

    private void start(int maxUnsettled, Supervision supervision) {
        ClientSpec spec = new ClientSpec(
                KafkaSettings.of("unused:9092"), List.of(IN), "group", "member-1", null, Map.of(), Map.of());
        worker = new AtLeastOnceWorker("test-sender", "test", spec, kafka, maxUnsettled, later, supervision, registry);
        worker.start(WAIT);
    }

    private static Supervision supervision(GatedPause pause) {
        return new Supervision(
                Backoff.DEFAULT, pause, Clock.systemUTC(), Supervision.ATTEMPTS_BEFORE_REFUSING, RecordHook.NONE);
    }

    private void append(String... values) {
        for (String value : values) {
            kafka.append(IN, value, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void settle(long offset) {
        inFlight.remove(offset);
        worker.offsets().settled(PARTITION, offset);
    }

    @Test
    void offsetsAreCommittedOnlyBelowTheLowestUnsettledRecord() {
        append("a", "b", "c");
        start(100, supervision(GatedPause.open()));
        await().atMost(WAIT).until(() -> inFlight.size() == 3);

        settle(2);
        settle(1);
        await().during(Duration.ofMillis(100)).atMost(WAIT).until(() -> kafka.committed(IN, 0) == 0);
        settle(0);
        await().atMost(WAIT).until(() -> kafka.committed(IN, 0) == 3);
    }

    /** A commit per poll cost the group coordinator a request per poll: while running, one per interval. */
    @Test
    void whatSettledIsCommittedOncePerIntervalWhileRunning() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
        append("now-1");
        start(100, new Supervision(Backoff.DEFAULT, GatedPause.open(), clock, Supervision.ATTEMPTS_BEFORE_REFUSING, RecordHook.NONE));
        await().atMost(WAIT).until(() -> kafka.committed(IN, 0) == 1);

        append("now-2");
        await().atMost(WAIT).until(() -> handled.contains("now-2"));
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> kafka.committed(IN, 0) == 1);
        clock.advance(AtLeastOnceWorker.COMMIT_INTERVAL);
        await().atMost(WAIT).until(() -> kafka.committed(IN, 0) == 2);
    }

    @Test
    void aRecordSettledAtOnceIsCommittedWithoutTheStage() {
        append("now-1", "now-2");
        start(100, supervision(GatedPause.open()));
        await().atMost(WAIT).until(() -> kafka.committed(IN, 0) == 2);
        assertThat(handled).containsExactly("now-1", "now-2");
    }

    @Test
    void aHandlerThatThrowsOnceIsRestartedWithoutHandingOverAgainWhatIsStillInFlight() {
        append("a", "b");
        GatedPause pause = GatedPause.closed();
        AtomicBoolean thrown = new AtomicBoolean();
        start(100, supervision(pause).withHook(record -> {
            if (record.offset() == 1 && thrown.compareAndSet(false, true)) {
                throw new IllegalStateException("injected");
            }
        }));
        await().atMost(WAIT).until(pause::isHolding);
        assertThat(worker.isHealthy()).isFalse();
        assertThat(worker.isAlive()).isTrue();

        pause.release();
        await().atMost(WAIT).until(() -> worker.isHealthy() && inFlight.containsKey(1L));
        settle(0);
        settle(1);
        await().atMost(WAIT).until(() -> kafka.committed(IN, 0) == 2);
        // "a" was in flight at the stage when the clients restarted: the new consumer resumed after it.
        assertThat(handled).containsExactly("a", "b");
        assertThat(refused).isEmpty();
    }

    @Test
    void aRecordTheHandlerAlwaysThrowsOnIsRefusedAndSettledAfterNAttempts() {
        append("now-1", "poison", "now-3");
        GatedPause pause = GatedPause.open();
        start(100, supervision(pause).withHook(record -> {
            if (record.offset() == 1) {
                throw new IllegalStateException("always");
            }
        }));
        await().atMost(WAIT).until(() -> kafka.committed(IN, 0) == 3);
        assertThat(refused).containsExactly("poison");
        assertThat(pause.delays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(handled).containsExactly("now-1", "now-3");
    }

    @Test
    void aPartitionCommittedByAnotherInstanceMeanwhileResumesFromItsCommittedOffset() {
        append("a", "b", "c");
        GatedPause pause = GatedPause.closed();
        AtomicBoolean thrown = new AtomicBoolean();
        start(100, supervision(pause).withHook(record -> {
            if (record.offset() == 1 && thrown.compareAndSet(false, true)) {
                throw new IllegalStateException("injected");
            }
        }));
        await().atMost(WAIT).until(pause::isHolding);
        // Another instance had the partition during the backoff, and handled and committed everything.
        kafka.commit(IN, 0, 3);
        pause.release();
        await().atMost(WAIT).until(worker::isHealthy);
        kafka.append(IN, "d", "d".getBytes(StandardCharsets.UTF_8));
        await().atMost(WAIT).until(() -> handled.contains("d"));
        assertThat(handled).containsExactly("a", "d");
    }

    @Test
    void readingPausesWhileTooManyRecordsAreUnsettled() {
        append("a", "b", "c");
        start(1, supervision(GatedPause.open()));
        await().atMost(WAIT).until(() -> inFlight.size() == 3);
        kafka.append(IN, "d", "d".getBytes(StandardCharsets.UTF_8));
        await().during(Duration.ofMillis(100)).atMost(WAIT).until(() -> inFlight.size() == 3);

        settle(0);
        settle(1);
        settle(2);
        await().atMost(WAIT).until(() -> inFlight.containsKey(3L));
    }
}
