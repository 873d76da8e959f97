package org.ftp2sms.service.worker;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;

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
        underPolicy(
                record,
                () -> {
                    handling.handle(record);
                    return true;
                },
                cause -> handling.refuse(record, cause),
                () -> {});
    }
}
