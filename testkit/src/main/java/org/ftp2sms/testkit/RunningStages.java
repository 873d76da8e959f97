package org.ftp2sms.testkit;

import org.ftp2sms.service.Stage;

import java.util.ArrayList;
import java.util.List;

/**
 * The stages and servers a test started, stopped in reverse order after it: declare it as
 * {@code @AutoClose private final RunningStages stages = new RunningStages();} and start each with
 * {@link #start(Stage)}. What stops first is what started last (a dispatcher before its SMSC).
 */
public final class RunningStages implements AutoCloseable {
    private final List<Stage> started = new ArrayList<>();

    /** Starts {@code stage}, and stops it after the test even when starting fails half-way. */
    public synchronized <T extends Stage> T start(T stage) {
        started.add(stage);
        stage.start();
        return stage;
    }

    @Override
    public synchronized void close() {
        RuntimeException first = null;
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        started.clear();
        if (first != null) {
            throw first;
        }
    }
}
