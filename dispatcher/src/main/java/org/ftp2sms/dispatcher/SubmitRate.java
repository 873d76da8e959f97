package org.ftp2sms.dispatcher;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The throughput limit of one SMSC bind: submits are spaced {@code 1/perSecond} apart, with no credit saved up
 * while idle, so no second ever sees more than {@code perSecond + 1} submits (operators count per second and
 * answer ESME_RTHROTTLED beyond). A throttled answer pushes every submitter back, not just the one that got it.
 * Measured with {@link System#nanoTime()}: it paces, it does not tell the time of day.
 */
final class SubmitRate {
    /** Waits so many nanoseconds (a seam for tests, which move a fake clock instead). */
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long next;

    /** {@code perSecond} 0 means no limit. */
    SubmitRate(int perSecond) {
        this(perSecond, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    SubmitRate(int perSecond, LongSupplier nanoTime, Sleeper sleeper) {
        this.intervalNanos = perSecond <= 0 ? 0 : 1_000_000_000L / perSecond;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.next = nanoTime.getAsLong();
    }

    /** Waits for this submit's turn. */
    void acquire() throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            long at = Math.max(now, next);
            next = at + intervalNanos;
            wait = at - now;
        }
        if (wait > 0) {
            sleeper.sleep(wait);
        }
    }

    /** No submit before {@code pause} from now. */
    synchronized void backOff(Duration pause) {
        next = Math.max(next, nanoTime.getAsLong() + pause.toNanos());
    }
}
