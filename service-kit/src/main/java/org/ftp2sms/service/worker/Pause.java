package org.ftp2sms.service.worker;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** How a worker waits out a backoff. Injected so that unit tests never sleep; the real one ends early on close. */
@FunctionalInterface
public interface Pause {

    /** Waits {@code delay}, or less once {@code stop} is counted down. */
    void pause(Duration delay, CountDownLatch stop) throws InterruptedException;

    Pause REAL = (delay, stop) -> stop.await(delay.toMillis(), TimeUnit.MILLISECONDS);
}
