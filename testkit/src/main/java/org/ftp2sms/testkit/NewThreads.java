package org.ftp2sms.testkit;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** Threads started since a snapshot and still alive: what a failed start or a close must not leave behind. */
public final class NewThreads {
    private final Set<Thread> before;

    private NewThreads(Set<Thread> before) {
        this.before = before;
    }

    /** A snapshot of the JVM's threads now. */
    public static NewThreads since() {
        return new NewThreads(Thread.getAllStackTraces().keySet());
    }

    /** The names of the threads started since the snapshot, still alive, whose name {@code named} accepts. */
    public List<String> alive(Predicate<String> named) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                .map(Thread::getName)
                .filter(named)
                .toList();
    }
}
