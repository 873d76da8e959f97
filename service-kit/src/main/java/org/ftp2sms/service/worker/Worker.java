package org.ftp2sms.service.worker;

import java.time.Duration;

/** A supervised worker thread over plain Kafka clients ({@link TransactionalWorker}, {@link AtLeastOnceWorker}). */
public interface Worker extends AutoCloseable {

    /** Starts the worker thread and waits until its clients are up (or throws once {@code timeout} passed). */
    void start(Duration timeout);

    /** Clients up and no failure being recovered from: the stage's readiness. */
    boolean isHealthy();

    /** False only once the thread ended without {@link #close()} (an interrupt, an Error): /livez then fails. */
    boolean isAlive();

    /** Stops the thread and closes the clients; waits for the in-flight poll to end. */
    @Override
    void close();
}
