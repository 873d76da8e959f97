package org.ftp2sms.dispatcher;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The limiter on a fake clock that moves only when the limiter sleeps: spacing, no saved-up credit, back-off. */
class SubmitRateTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(5 * SECOND);
    private final List<Long> granted = new ArrayList<>();

    private SubmitRate rate(int perSecond) {
        return new SubmitRate(perSecond, now::get, now::addAndGet);
    }

    private void submit(SubmitRate rate, int times) throws InterruptedException {
        for (int i = 0; i < times; i++) {
            rate.acquire();
            granted.add(now.get());
        }
    }

    @Test
    void submitsAreSpacedSoThatNoSecondHoldsMoreThanTheRatePlusOne() throws InterruptedException {
        submit(rate(20), 100);

        for (int i = 1; i < granted.size(); i++) {
            assertThat(granted.get(i) - granted.get(i - 1)).isEqualTo(SECOND / 20);
        }
        for (long start : granted) {
            assertThat(granted.stream().filter(t -> t >= start && t < start + SECOND).count()).isLessThanOrEqualTo(21);
        }
    }

    @Test
    void anIdleBindSavesNoCreditForABurst() throws InterruptedException {
        SubmitRate rate = rate(10);
        submit(rate, 1);
        now.addAndGet(60 * SECOND);
        granted.clear();

        submit(rate, 5);

        assertThat(granted.get(4) - granted.get(0)).isEqualTo(4 * SECOND / 10);
    }

    @Test
    void aThrottledAnswerPushesTheNextSubmitBack() throws InterruptedException {
        SubmitRate rate = rate(10);
        submit(rate, 1);
        long before = now.get();

        rate.backOff(Duration.ofSeconds(2));
        submit(rate, 1);

        assertThat(granted.get(1) - before).isEqualTo(2 * SECOND);
    }

    @Test
    void zeroMeansNoLimit() throws InterruptedException {
        long start = now.get();
        submit(rate(0), 1000);

        assertThat(now.get()).isEqualTo(start);
    }
}
