package org.ftp2sms.testkit;

import org.ftp2sms.service.worker.Pause;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

/**
 * A {@link Pause} that never sleeps: it records the delays asked for and, when closed, holds the worker in its
 * backoff until the test opens it, so that the test can look at the worker while it is recovering.
 */
public final class GatedPause implements Pause {
    private final List<Duration> delays = new CopyOnWriteArrayList<>();
    private final Semaphore gate;
    private volatile boolean waiting;

    private GatedPause(boolean open) {
        this.gate = new Semaphore(open ? Integer.MAX_VALUE : 0);
    }

    public static GatedPause open() {
        return new GatedPause(true);
    }

    public static GatedPause closed() {
        return new GatedPause(false);
    }

    @Override
    public void pause(Duration delay, CountDownLatch stop) throws InterruptedException {
        delays.add(delay);
        waiting = true;
        try {
            while (!gate.tryAcquire(10, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (stop.getCount() == 0) {
                    return;
                }
            }
        } finally {
            waiting = false;
        }
    }

    /** Lets the waiting worker (and any later one) go on. */
    public void release() {
        gate.release(Integer.MAX_VALUE / 2);
    }

    public boolean isHolding() {
        return waiting;
    }

    public List<Duration> delays() {
        return List.copyOf(delays);
    }
}
