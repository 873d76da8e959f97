package org.ftp2sms.service.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Consumer;

/** What both worker kinds share: the {@link Supervisor}, and counting and refusing the records a handler fails on. */
abstract class SupervisedWorker implements Worker {
    private static final Logger log = LoggerFactory.getLogger(SupervisedWorker.class);

    final String name;
    final Supervision supervision;
    final Supervisor supervisor;
    private final FailedRecords failed = new FailedRecords();
    private final Counter refused;

    /**
     * @param name         the worker's thread and log name
     * @param metricsStage the stage part of its metric names, {@code ftp2sms.<metricsStage>.worker.*} (e.g.
     *                     {@code renderer}), tagged {@code worker=<name>}
     */
    SupervisedWorker(String name, String metricsStage, Supervision supervision, MeterRegistry registry) {
        this.name = name;
        this.supervision = supervision;
        this.supervisor = new Supervisor(
                name,
                this::newSession,
                supervision,
                meter(metricsStage, "restarts")
                        .description("worker sessions that failed and were started again")
                        .register(registry));
        this.refused = meter(metricsStage, "refused")
                .description("records refused after the handler failed on them, or whose outputs could not be written")
                .register(registry);
    }

    abstract Session newSession();

    static String metricName(String metricsStage, String thing) {
        return "ftp2sms." + metricsStage + ".worker." + thing;
    }

    private Counter.Builder meter(String metricsStage, String thing) {
        return Counter.builder(metricName(metricsStage, thing)).tag("worker", name);
    }

    /** How many times in a row the handler failed on the record (0 on the hot path). */
    final int attempts(ConsumerRecord<String, byte[]> record) {
        return failed.attempts(record);
    }

    final boolean isToRefuse(int attempts) {
        return attempts >= supervision.attemptsBeforeRefusing();
    }

    /** The handler's last failure on a record about to be refused. */
    final Throwable lastFailure(ConsumerRecord<String, byte[]> record) {
        return failed.lastFailure(record);
    }

    /** A record refused: one line, counted, its failures forgotten. */
    final void refused(ConsumerRecord<String, byte[]> record, Throwable cause, String why) {
        refused.increment();
        log.warn(
                "{} refused {}-{}@{}: {} ({})",
                name,
                record.topic(),
                record.partition(),
                record.offset(),
                why,
                cause == null ? "?" : cause.getClass().getSimpleName());
        failed.done(record);
    }

    /** The handler took a record it had failed on before. */
    final void handled(ConsumerRecord<String, byte[]> record, int attempts) {
        if (attempts > 0) {
            failed.done(record);
        }
    }

    /** One step of handling a record; true when the record is settled now. */
    interface Step {
        boolean run();
    }

    /**
     * Runs {@code step} on a record under the policy both worker kinds share: a record failed on N times is refused
     * instead ({@code refuse}, then true); the test hook runs first; a failure runs {@code onFailure} and ends the
     * session, counted against the record.
     */
    final boolean underPolicy(
            ConsumerRecord<String, byte[]> record, Step step, Consumer<Throwable> refuse, Runnable onFailure) {
        int attempts = attempts(record);
        if (isToRefuse(attempts)) {
            Throwable cause = lastFailure(record);
            refuse.accept(cause);
            refused(record, cause, "the handler failed on it " + attempts + " times");
            return true;
        }
        boolean settled;
        try {
            supervision.hook().beforeHandling(record);
            settled = step.run();
        } catch (WakeupException | InterruptException e) {
            throw e;
        } catch (RuntimeException e) {
            onFailure.run();
            throw handlerFailed(record, e);
        }
        handled(record, attempts);
        return settled;
    }

    /** Counts the handler's failure on a record; what the worker throws to end the session. */
    final HandlerFailed handlerFailed(ConsumerRecord<String, byte[]> record, RuntimeException e) {
        int attempt = failed.failed(record, e);
        return new HandlerFailed(
                record.topic(), record.partition(), record.offset(), attempt, supervision.attemptsBeforeRefusing(), e);
    }

    @Override
    public final void start(Duration timeout) {
        supervisor.start(timeout);
    }

    @Override
    public final boolean isHealthy() {
        return supervisor.isHealthy();
    }

    @Override
    public final boolean isAlive() {
        return supervisor.isAlive();
    }

    @Override
    public final void close() {
        supervisor.close();
    }
}
