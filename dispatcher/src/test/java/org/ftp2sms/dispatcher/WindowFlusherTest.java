package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WindowFlusherTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private WindowFlusher flusher;

    @AfterEach
    void close() {
        if (flusher != null) {
            flusher.close();
        }
    }

    @Test
    void oneFlushAtATimeHoweverOftenTheWindowIsFull() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        flusher = new WindowFlusher(
                () -> {
                    started.incrementAndGet();
                    waitFor(release);
                },
                registry);

        flusher.windowFull();
        await().atMost(Duration.ofSeconds(5)).until(() -> started.get() == 1);
        for (int i = 0; i < 100; i++) {
            flusher.windowFull();
        }
        assertThat(started.get()).as("flushes started while one runs").isEqualTo(1);

        release.countDown();
        await().atMost(Duration.ofSeconds(5))
                .until(() ->
                        registry.counter("ftp2sms.dispatcher.window.flushes").count() == 1);
        flusher.windowFull();
        await().atMost(Duration.ofSeconds(5)).until(() -> started.get() == 2);
    }

    @Test
    void aFailedFlushDoesNotStopTheNextOne() {
        AtomicInteger calls = new AtomicInteger();
        flusher = new WindowFlusher(
                () -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("broker gone");
                    }
                },
                registry);

        flusher.windowFull();
        await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 1);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            flusher.windowFull();
            assertThat(calls.get()).isEqualTo(2);
        });
    }

    @Test
    void nothingRunsOnceClosed() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        flusher = new WindowFlusher(() -> ran.set(true), registry);
        flusher.close();

        flusher.windowFull();
        Thread.sleep(100);
        assertThat(ran).isFalse();
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
