package org.ftp2sms.service.worker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What was opened, closed in reverse order: the one way stages and workers release their clients and views. A
 * failing close is logged (one line) and the others are still closed; nothing is thrown.
 */
public final class Resources implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Resources.class);

    private record Named(String name, AutoCloseable resource) {}

    private final String owner;
    private final Deque<Named> opened = new ArrayDeque<>();

    public Resources(String owner) {
        this.owner = owner;
    }

    /** Registers what was just opened; it will be closed before everything registered earlier. */
    public synchronized <T extends AutoCloseable> T add(String name, T resource) {
        opened.push(new Named(name, resource));
        return resource;
    }

    /** Registers a way of closing something that is not itself {@link AutoCloseable} the way it should be closed. */
    public synchronized void onClose(String name, AutoCloseable closing) {
        opened.push(new Named(name, closing));
    }

    @Override
    public void close() {
        while (true) {
            Named next;
            synchronized (this) {
                next = opened.poll();
            }
            if (next == null) {
                return;
            }
            try {
                next.resource().close();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                log.warn(
                        "{} could not close its {}: {}",
                        owner,
                        next.name(),
                        e.getClass().getSimpleName());
            }
        }
    }
}
