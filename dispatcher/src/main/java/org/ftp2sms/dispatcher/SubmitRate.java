package org.ftp2sms.dispatcher;

import java.time.Duration;

/**
 * The throughput limit of one SMSC bind: submits are spaced {@code 1/perSecond} apart, with no credit saved up
 * while idle, so no second ever sees more than {@code perSecond + 1} submits (operators count per second and
 * answer ESME_RTHROTTLED beyond). A throttled answer pushes every submitter back, not just the one that got it.
 * Measured with {@link System#nanoTime()}: it paces, it does not tell the time of day.
 */
final class SubmitRate {
    private final long intervalNanos;
    private long next;

    /** {@code perSecond} 0 means no limit. */
    SubmitRate(int perSecond) {
        this.intervalNanos = perSecond <= 0 ? 0 : 1_000_000_000L / perSecond;
        this.next = System.nanoTime();
    }

    /** Waits for this submit's turn. */
    void acquire() throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long at = Math.max(now, next);
            next = at + intervalNanos;
            wait = at - now;
        }
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    /** No submit before {@code pause} from now. */
    synchronized void backOff(Duration pause) {
        next = Math.max(next, System.nanoTime() + pause.toNanos());
    }
}
