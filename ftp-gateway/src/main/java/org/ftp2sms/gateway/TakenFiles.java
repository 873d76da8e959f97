package org.ftp2sms.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The files each connector had taken in the last {@link #REMEMBERED_FOR}, by customer path, so that the stats and
 * time changes clients make right after an upload are answered from what was taken although the file has left the
 * home. Per connector, not per session: rclone, for one, may set the time of a file over another of its pooled
 * connections than the one that wrote it. A connector only ever sees its own entries. Bounded: at most
 * {@value #PER_CONNECTOR} per connector, each forgotten after {@link #REMEMBERED_FOR}.
 */
final class TakenFiles {
    static final int PER_CONNECTOR = 1000;
    static final Duration REMEMBERED_FOR = Duration.ofMinutes(10);

    private final Clock clock;
    private final Map<String, LinkedHashMap<String, TakenFile>> byConnector = new HashMap<>();

    TakenFiles(Clock clock) {
        this.clock = clock;
    }

    synchronized void taken(String connectorId, TakenFile file) {
        byConnector.computeIfAbsent(connectorId, id -> new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TakenFile> eldest) {
                return size() > PER_CONNECTOR;
            }
        }).put(file.customerPath(), file);
    }

    synchronized Optional<TakenFile> find(String connectorId, String customerPath) {
        Map<String, TakenFile> files = byConnector.get(connectorId);
        TakenFile file = files == null ? null : files.get(customerPath);
        return file == null || isForgotten(file, clock.instant()) ? Optional.empty() : Optional.of(file);
    }

    /** A new upload or a rename under that name replaces what was taken under it. */
    synchronized void forget(String connectorId, String customerPath) {
        Map<String, TakenFile> files = byConnector.get(connectorId);
        if (files != null) {
            files.remove(customerPath);
        }
    }

    /** Drops what is past {@link #REMEMBERED_FOR}: run now and then, so idle connectors hold nothing. */
    synchronized void expire() {
        Instant now = clock.instant();
        byConnector.values().forEach(files -> files.values().removeIf(file -> isForgotten(file, now)));
        byConnector.values().removeIf(Map::isEmpty);
    }

    private static boolean isForgotten(TakenFile file, Instant now) {
        return file.takenAt().plus(REMEMBERED_FOR).isBefore(now);
    }
}
