package org.ftp2sms.service.worker;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.testkit.GatedPause;
import org.ftp2sms.testkit.MockKafka;
import org.ftp2sms.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The transactional worker on {@link MockKafka}: no broker, no sleeping. */
class TransactionalWorkerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String IN = "in";
    private static final String OUT = "out";
    private static final String REFUSED = "refused";

    private final MockKafka kafka = new MockKafka();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TransactionalWorker worker;

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.close();
        }
    }

    /** Upper-cases each record to OUT; refusals go to REFUSED with the cause's class. */
    private static class Upper implements TransactionalHandler {
        @Override
        public void handle(ConsumerRecord<String, byte[]> record, Transaction tx) {
            tx.send(new ProducerRecord<>(
                    OUT, record.key(), text(record.value()).toUpperCase().getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public void refuse(ConsumerRecord<String, byte[]> record, Transaction tx, Throwable cause) {
            tx.send(new ProducerRecord<>(
                    REFUSED, record.key(), cause.getClass().getSimpleName().getBytes(StandardCharsets.UTF_8)));
        }
    }

    private void start(TransactionLimits limits, TransactionalHandler handler, Supervision supervision) {
        start(limits, handler, supervision, System::nanoTime);
    }

    private void start(
            TransactionLimits limits,
            TransactionalHandler handler,
            Supervision supervision,
            java.util.function.LongSupplier nanoTime) {
        ClientSpec spec = new ClientSpec(
                KafkaSettings.of("unused:9092"), List.of(IN), "group", "member-1", "tx-1", Map.of(), Map.of());
        worker = new TransactionalWorker(
                "test-worker", "test", spec, kafka, limits, handler, supervision, registry, nanoTime);
        worker.start(WAIT);
    }

    private static Supervision supervision(GatedPause pause) {
        return new Supervision(
                Backoff.DEFAULT, pause, Clock.systemUTC(), Supervision.ATTEMPTS_BEFORE_REFUSING, RecordHook.NONE);
    }

    private void append(String... values) {
        for (String value : values) {
            kafka.append(IN, "k-" + value, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private List<String> out(String topic) {
        return kafka.output(topic).stream().map(r -> text(r.value())).toList();
    }

    private static String text(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }

    @Test
    void aPollBatchIsOneTransactionCommittedWithItsOffsets() {
        append("a", "b", "c");
        start(TransactionLimits.timeBounded(Duration.ofSeconds(10)), new Upper(), supervision(GatedPause.open()));

        await().atMost(WAIT).until(() -> kafka.committed(IN, 0) == 3);
        assertThat(out(OUT)).containsExactly("A", "B", "C");
        assertThat(kafka.producer().commitCount()).isEqualTo(1);
        assertThat(worker.isHealthy()).isTrue();
    }

    @Test
    void perRecordLimitsCommitEachRecordInItsOwnTransaction() {
        append("a", "b", "c");
        start(TransactionLimits.perRecord(), new Upper(), supervision(GatedPause.open()));

        await().atMost(WAIT).until(() -> kafka.committed(IN, 0) == 3);
        assertThat(out(OUT)).containsExactly("A", "B", "C");
        assertThat(kafka.producer().commitCount()).isEqualTo(3);
    }

    @Test
    void aSlowBatchIsCommittedInSeveralTransactionsOnceItsTimeBudgetIsSpent() {
        append("a", "b", "c", "d");
        AtomicLong now = new AtomicLong();
        Upper slow = new Upper() {
            @Override
            public void handle(ConsumerRecord<String, byte[]> record, Transaction tx) {
                super.handle(record, tx);
                now.addAndGet(Duration.ofSeconds(6).toNanos()); // each record takes 6 s of a 10 s budget
            }
        };
        start(TransactionLimits.timeBounded(Duration.ofSeconds(10)), slow, supervision(GatedPause.open()), now::get);

        await().atMost(WAIT).until(() -> kafka.committed(IN, 0) == 4);
        assertThat(out(OUT)).containsExactly("A", "B", "C", "D");
        assertThat(kafka.producer().commitCount()).isEqualTo(2);
    }

    @Test
    void aHandlerThatThrowsOnceMakesTheWorkerUnhealthyUntilItRestartedFromTheCommittedOffsets() {
        append("a", "b", "c");
        GatedPause pause = GatedPause.closed();
        AtomicBoolean thrown = new AtomicBoolean();
        RecordHook throwOnceOnB = record -> {
            if (text(record.value()).equals("b") && thrown.compareAndSet(false, true)) {
                throw new IllegalStateException("injected");
            }
        };
        start(
                TransactionLimits.timeBounded(Duration.ofSeconds(10)),
                new Upper(),
                supervision(pause).withHook(throwOnceOnB));

        await().atMost(WAIT).until(pause::isHolding);
        assertThat(worker.isHealthy()).as("recovering: not ready").isFalse();
        assertThat(worker.isAlive()).as("restarting itself: alive").isTrue();
        assertThat(out(OUT)).as("the failed batch was aborted").isEmpty();

        pause.release();
        await().atMost(WAIT).until(() -> kafka.committed(IN, 0) == 3 && worker.isHealthy());
        assertThat(out(OUT)).containsExactly("A", "B", "C");
        assertThat(kafka.consumersCreated()).isEqualTo(2);
        assertThat(pause.delays()).containsExactly(Duration.ofSeconds(1));
        assertThat(registry.counter("ftp2sms.test.worker.restarts", "worker", "test-worker")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aRecordTheHandlerAlwaysThrowsOnIsRefusedAfterNAttemptsWithAGrowingBackoff() {
        append("a", "poison", "c");
        GatedPause pause = GatedPause.open();
        RecordHook poison = record -> {
            if (text(record.value()).equals("poison")) {
                throw new IllegalArgumentException("always");
            }
        };
        start(
                TransactionLimits.timeBounded(Duration.ofSeconds(10)),
                new Upper(),
                supervision(pause).withHook(poison));

        await().atMost(WAIT).until(() -> kafka.committed(IN, 0) == 3);
        assertThat(out(OUT)).containsExactly("A", "C");
        assertThat(out(REFUSED)).containsExactly("IllegalArgumentException");
        assertThat(pause.delays())
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4))
                .hasSize(Supervision.ATTEMPTS_BEFORE_REFUSING);
        assertThat(registry.counter("ftp2sms.test.worker.refused", "worker", "test-worker")
                        .count())
                .isEqualTo(1);
        await().atMost(WAIT).until(worker::isHealthy);
    }

    @Test
    void aFencedProducerIsReplacedWithNewClients() {
        append("a", "b");
        AtomicBoolean fenced = new AtomicBoolean();
        Upper fencedOnce = new Upper() {
            @Override
            public void handle(ConsumerRecord<String, byte[]> record, Transaction tx) {
                super.handle(record, tx);
                if (fenced.compareAndSet(false, true)) {
                    kafka.producer().commitTransactionException = new ProducerFencedException("another instance");
                }
            }
        };
        start(TransactionLimits.timeBounded(Duration.ofSeconds(10)), fencedOnce, supervision(GatedPause.open()));

        await().atMost(WAIT).until(() -> kafka.committed(IN, 0) == 2);
        assertThat(out(OUT)).containsExactly("A", "B");
        assertThat(kafka.producers()).hasSize(2);
        assertThat(kafka.producers().get(0).closed()).isTrue();
        assertThat(kafka.consumersCreated()).isEqualTo(2);
    }

    @Test
    void anAbortableErrorAbortsAndReadsTheBatchAgainWithTheSameClients() {
        append("a", "b");
        AtomicBoolean failed = new AtomicBoolean();
        Upper failingOnce = new Upper() {
            @Override
            public void handle(ConsumerRecord<String, byte[]> record, Transaction tx) {
                super.handle(record, tx);
                if (failed.compareAndSet(false, true)) {
                    kafka.producer().commitTransactionException = new KafkaException("coordinator moved");
                }
            }

            @Override
            public void aborted() {
                kafka.producer().commitTransactionException = null;
            }
        };
        start(TransactionLimits.timeBounded(Duration.ofSeconds(10)), failingOnce, supervision(GatedPause.open()));

        await().atMost(WAIT).until(() -> kafka.committed(IN, 0) == 2);
        assertThat(out(OUT)).containsExactly("A", "B");
        assertThat(kafka.consumersCreated()).isEqualTo(1);
        assertThat(registry.counter("ftp2sms.test.worker.aborted", "worker", "test-worker")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aLoneRecordWhoseOutputsCannotBeWrittenIsRefused() {
        append("a", "huge", "c");
        Upper tooLarge = new Upper() {
            @Override
            public void handle(ConsumerRecord<String, byte[]> record, Transaction tx) {
                super.handle(record, tx);
                if (text(record.value()).equals("huge")) {
                    kafka.producer().commitTransactionException =
                            new KafkaException(new RecordTooLargeException("too large"));
                }
            }

            @Override
            public void refuse(ConsumerRecord<String, byte[]> record, Transaction tx, Throwable cause) {
                kafka.producer().commitTransactionException = null;
                super.refuse(record, tx, cause);
            }
        };
        start(TransactionLimits.perRecord(), tooLarge, supervision(GatedPause.open()));

        await().atMost(WAIT).until(() -> kafka.committed(IN, 0) == 3);
        assertThat(out(OUT)).containsExactly("A", "C");
        assertThat(out(REFUSED)).containsExactly("KafkaException");
    }

    @Test
    void retryLaterRetriesTheRecordWithoutCountingItAgainstIt() {
        append("a");
        AtomicLong failures = new AtomicLong();
        RecordHook storageDown = record -> {
            if (failures.incrementAndGet() <= 5) {
                throw new RetryLater("storage down", null);
            }
        };
        GatedPause pause = GatedPause.open();
        start(TransactionLimits.perRecord(), new Upper(), supervision(pause).withHook(storageDown));

        await().atMost(WAIT).until(() -> kafka.committed(IN, 0) == 1);
        assertThat(out(OUT)).containsExactly("A");
        assertThat(out(REFUSED)).isEmpty();
        assertThat(kafka.consumersCreated()).isEqualTo(1);
        assertThat(pause.delays()).hasSize(5);
    }

    @Test
    void discardDropsWhatTheCurrentRecordSent() {
        append("a", "b");
        Upper refusingB = new Upper() {
            @Override
            public void handle(ConsumerRecord<String, byte[]> record, Transaction tx) {
                super.handle(record, tx);
                if (text(record.value()).equals("b")) {
                    tx.discard();
                    tx.send(new ProducerRecord<>(REFUSED, record.key(), "b refused".getBytes(StandardCharsets.UTF_8)));
                }
            }
        };
        start(TransactionLimits.perRecord(), refusingB, supervision(GatedPause.open()));

        await().atMost(WAIT).until(() -> kafka.committed(IN, 0) == 2);
        assertThat(out(OUT)).containsExactly("A");
        assertThat(out(REFUSED)).containsExactly("b refused");
    }

    @Test
    void closingClosesTheClientsInReverseOrder() {
        append("a");
        start(TransactionLimits.perRecord(), new Upper(), supervision(GatedPause.open()));
        await().atMost(WAIT).until(() -> kafka.committed(IN, 0) == 1);

        worker.close();
        assertThat(kafka.producer().closed()).isTrue();
        assertThat(worker.isHealthy()).isFalse();
        assertThat(worker.isAlive()).isTrue();
    }

    @Test
    void theBackoffGrowsWithFailuresInARowAndStartsAgainAfterAHealthyPeriod() {
        append("a");
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
        GatedPause pause = GatedPause.open();
        java.util.Set<String> thrownOn = java.util.concurrent.ConcurrentHashMap.newKeySet();
        RecordHook throwOnceEach = record -> {
            String value = text(record.value());
            if (!value.equals("a") && thrownOn.add(value)) {
                throw new IllegalStateException("injected");
            }
        };
        Supervision supervision =
                new Supervision(Backoff.DEFAULT, pause, clock, Supervision.ATTEMPTS_BEFORE_REFUSING, throwOnceEach);
        start(TransactionLimits.perRecord(), new Upper(), supervision);
        await().atMost(WAIT).until(() -> kafka.committed(IN, 0) == 1);

        append("b");
        await().atMost(WAIT).until(() -> kafka.committed(IN, 0) == 2);
        append("c");
        await().atMost(WAIT).until(() -> kafka.committed(IN, 0) == 3);
        assertThat(pause.delays())
                .as("two failures in a row")
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));

        clock.advance(Backoff.DEFAULT.resetAfter());
        append("d");
        await().atMost(WAIT).until(() -> kafka.committed(IN, 0) == 4);
        assertThat(pause.delays())
                .as("after a healthy minute: from the first delay again")
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1));
        assertThat(out(OUT)).containsExactly("A", "B", "C", "D");
    }
}
