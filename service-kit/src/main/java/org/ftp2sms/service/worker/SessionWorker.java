package org.ftp2sms.service.worker;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;

import java.util.function.Supplier;

/**
 * A worker whose poll loop is the stage's own {@link Session} (the dispatcher's: its read-ahead, fair scheduler and
 * out-of-order offsets fit neither stock worker), under the same {@link Supervisor} and the same handling of a
 * record the stage fails on ({@link #handle}).
 */
public final class SessionWorker extends SupervisedWorker {
    /** The stage's work on one record, and its visible refusal of a record it failed on N times. */
    public interface RecordHandling {
        void handle(ConsumerRecord<String, byte[]> record);

        void refuse(ConsumerRecord<String, byte[]> record, Throwable cause);
    }

    private final Supplier<Session> sessions;

    /**
     * @param sessions a new life of the stage's clients each time (after a failure, from the committed offsets)
     */
    public SessionWorker(String name, String metricsStage, Supplier<Session> sessions, Supervision supervision,
                         MeterRegistry registry) {
        super(name, metricsStage, supervision, registry);
        this.sessions = sessions;
    }

    @Override
    Session newSession() {
        return sessions.get();
    }

    /**
     * Runs {@code handling} on one record under the worker's policy, on the session's thread: the test hook first;
     * a failure ends the session (and counts against the record); a record failed on N times is refused instead.
     */
    public void handle(ConsumerRecord<String, byte[]> record, RecordHandling handling) {
        int attempts = attempts(record);
        if (isToRefuse(attempts)) {
            Throwable cause = lastFailure(record);
            handling.refuse(record, cause);
            refused(record, cause, "the stage failed on it " + attempts + " times");
            return;
        }
        try {
            supervision.hook().beforeHandling(record);
            handling.handle(record);
        } catch (WakeupException | InterruptException e) {
            throw e;
        } catch (RuntimeException e) {
            throw handlerFailed(record, e);
        }
        handled(record, attempts);
    }
}
