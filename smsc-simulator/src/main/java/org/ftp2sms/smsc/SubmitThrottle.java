package org.ftp2sms.smsc;

import java.util.ArrayDeque;

/** At most {@code perSecond} submits accepted in any sliding second (0: no limit), as an operator enforces a bind's rate. */
final class SubmitThrottle {
    private static final long SECOND = 1_000_000_000L;
    private final int perSecond;
    private final ArrayDeque<Long> accepted = new ArrayDeque<>();

    SubmitThrottle(int perSecond) {
        this.perSecond = perSecond;
    }

    synchronized boolean tryAcquire() {
        if (perSecond <= 0) {
            return true;
        }
        long now = System.nanoTime();
        while (!accepted.isEmpty() && now - accepted.peekFirst() >= SECOND) {
            accepted.pollFirst();
        }
        if (accepted.size() >= perSecond) {
            return false;
        }
        accepted.addLast(now);
        return true;
    }
}
