package org.ftp2sms.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counts the open sessions of each connector, SFTP and FTPS together, and refuses one past the limit. */
final class SessionLimiter {
    private final int maxPerConnector;
    private final Map<String, Integer> open = new ConcurrentHashMap<>();

    SessionLimiter(int maxPerConnector) {
        this.maxPerConnector = maxPerConnector;
    }

    /** Takes a place for a new session of {@code connectorId}; false when all are taken. */
    boolean tryAcquire(String connectorId) {
        boolean[] acquired = {false};
        open.compute(connectorId, (id, count) -> {
            int current = count == null ? 0 : count;
            if (current >= maxPerConnector) {
                return count;
            }
            acquired[0] = true;
            return current + 1;
        });
        return acquired[0];
    }

    void release(String connectorId) {
        open.computeIfPresent(connectorId, (id, count) -> count <= 1 ? null : count - 1);
    }

    int maxPerConnector() {
        return maxPerConnector;
    }
}
