package org.ftp2sms.service.worker;

import io.micrometer.core.instrument.Counter;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one failure policy of plain-client workers, in the spirit of Kafka Streams' replaced stream threads. A session
 * (a life of the worker's clients) that throws anything is logged in one line, reported not ready, closed (clients in
 * reverse order) and replaced after a growing {@link Backoff}: the new clients resume from the last committed
 * offsets. The thread itself only ends on {@link #close()}, or on an interrupt or an {@link Error}: then
 * {@link #isAlive()} turns false so /livez fails, logged too. It never ends silently.
 */
final class Supervisor {
    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final Supplier<Session> sessions;
    private final Supervision supervision;
    private final Counter restarts;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final CountDownLatch stop = new CountDownLatch(1);
    private Thread thread;
    private volatile Session current;
    private volatile boolean up;
    private volatile boolean closing;
    private volatile Throwable startFailure;

    Supervisor(String name, Supplier<Session> sessions, Supervision supervision, Counter restarts) {
        this.name = name;
        this.sessions = sessions;
        this.supervision = supervision;
        this.restarts = restarts;
    }

    synchronized void start(Duration timeout) {
        if (thread != null || closing) {
            throw new IllegalStateException(name + " already started or closed");
        }
        thread = new Thread(this::run, name);
        thread.start();
        try {
            if (!ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                Throwable why = startFailure;
                close();
                throw new IllegalStateException(
                        name + " clients not ready after " + timeout
                                + (why == null
                                        ? ""
                                        : " (last failure " + why.getClass().getSimpleName() + ")"),
                        why);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while starting " + name, e);
        }
    }

    boolean isHealthy() {
        Thread t = thread;
        return up && !closing && t != null && t.isAlive();
    }

    boolean isAlive() {
        Thread t = thread;
        return t == null || closing || t.isAlive();
    }

    /** Waits out {@code delay}, or less when the worker closes; on the worker's thread. */
    void pause(Duration delay) {
        try {
            supervision.pause().pause(delay, stop);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }

    private void run() {
        int failuresInARow = 0;
        try {
            while (!closing) {
                Session session = null;
                Instant healthySince = null;
                try {
                    session = sessions.get();
                    current = session;
                    if (closing) {
                        return;
                    }
                    session.open();
                    up = true;
                    healthySince = supervision.clock().instant();
                    ready.countDown();
                    while (!closing) {
                        session.runOnce();
                    }
                } catch (WakeupException e) {
                    if (!closing) {
                        failuresInARow = failed(e, healthySince, failuresInARow);
                    }
                } catch (RuntimeException e) {
                    if (closing) {
                        return;
                    }
                    if (e instanceof InterruptException
                            || Thread.currentThread().isInterrupted()) {
                        throw e;
                    }
                    failuresInARow = failed(e, healthySince, failuresInARow);
                } finally {
                    up = false;
                    current = null;
                    if (session != null) {
                        session.close();
                    }
                }
                if (!closing) {
                    supervision.pause().pause(supervision.backoff().delay(failuresInARow), stop);
                }
            }
        } catch (InterruptedException | InterruptException e) {
            Thread.currentThread().interrupt();
            log.error("{} worker interrupted: it stopped, /livez fails until the process restarts", name);
        } catch (RuntimeException | Error e) {
            log.error(
                    "{} worker stopped by {}: /livez fails until the process restarts",
                    name,
                    e.getClass().getName(),
                    e);
            throw e;
        } finally {
            if (!closing) {
                log.error("{} worker thread ended", name);
            }
        }
    }

    /** One line with the ids, never the record's content; the trace at debug level. */
    private int failed(RuntimeException e, Instant healthySince, int failuresInARow) {
        startFailure = e;
        boolean ranLongEnough = healthySince != null
                && !supervision
                        .clock()
                        .instant()
                        .isBefore(healthySince.plus(supervision.backoff().resetAfter()));
        int failures = ranLongEnough ? 1 : failuresInARow + 1;
        restarts.increment();
        String why = e instanceof HandlerFailed ? e.getMessage() : e.getClass().getSimpleName();
        log.error(
                "{} worker failed, not ready; restarting from the last committed offsets in {} (failure {} in a row): {}",
                name,
                supervision.backoff().delay(failures),
                failures,
                why);
        log.debug("{} worker failure", name, e);
        return failures;
    }

    void close() {
        Thread t;
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            t = thread;
        }
        stop.countDown();
        Session session = current;
        if (session != null) {
            session.wakeup();
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(CLOSE_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                log.warn("{} worker did not stop within {}", name, CLOSE_TIMEOUT);
            }
        }
    }
}
