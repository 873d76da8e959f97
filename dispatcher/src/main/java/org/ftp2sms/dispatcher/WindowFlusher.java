package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends the statuses and journal entries the dispatcher's producer holds without waiting out its linger, once the
 * dispatch window is full: every message in the window then waits on exactly those acknowledgements, so lingering
 * on would only idle the window. While the window has room, the linger batches records as usual. A flush blocks
 * until the broker acknowledges, so it runs on a thread of its own, one at a time, and the poll loop never waits on
 * the broker.
 */
final class WindowFlusher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WindowFlusher.class);

    private final Runnable flush;
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final Counter flushes;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dispatcher-flush");
        t.setDaemon(true);
        return t;
    });

    /** @param flush sends what the producer holds and returns once it is acknowledged */
    WindowFlusher(Runnable flush, MeterRegistry registry) {
        this.flush = flush;
        this.flushes = registry.counter("ftp2sms.dispatcher.window.flushes");
    }

    /** Starts a flush unless one is running: it covers whatever was sent before it started. */
    void windowFull() {
        if (!flushing.compareAndSet(false, true)) {
            return;
        }
        try {
            thread.execute(() -> {
                try {
                    flush.run();
                    flushes.increment();
                } catch (RuntimeException e) {
                    // The records' own callbacks report a failed send; the window settles through them.
                    log.debug("flush of the dispatcher's producer failed: {}", e.toString());
                } finally {
                    flushing.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            flushing.set(false); // closed
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
