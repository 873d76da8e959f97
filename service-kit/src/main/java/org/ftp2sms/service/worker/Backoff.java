package org.ftp2sms.service.worker;

import java.time.Duration;

/**
 * How long a failed worker waits before it starts again: {@code first}, doubled at each failure in a row, never more
 * than {@code max}; a worker that ran healthy for {@code resetAfter} starts again from {@code first}.
 */
public record Backoff(Duration first, Duration max, Duration resetAfter) {
    public static final Backoff DEFAULT =
            new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(1));

    public Backoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException(
                    "backoff must grow from a positive first delay to its cap: " + first + ", " + max);
        }
    }

    /** The delay after the {@code failuresInARow}th failure in a row (1 for the first). */
    public Duration delay(int failuresInARow) {
        Duration delay = first;
        for (int i = 1; i < failuresInARow && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
