package org.ftp2sms.gateway;

import org.ftp2sms.contract.connector.Access;
import org.ftp2sms.contract.connector.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The logged-in SFTP and FTPS sessions of each connector, with the credentials they logged in with, so that they
 * are closed the moment those credentials stop being valid: a password rotated, keys replaced, the login or
 * protocol changed, the connector deleted. A session opened with credentials already replaced is closed at once.
 */
final class OpenSessions {
    private static final Logger log = LoggerFactory.getLogger(OpenSessions.class);

    private final Function<String, Optional<Connector>> currentConnector;
    private final Map<String, Set<Open>> byConnector = new ConcurrentHashMap<>();

    /** @param currentConnector the connector as it is now (the gateway's live directory) */
    OpenSessions(Function<String, Optional<Connector>> currentConnector) {
        this.currentConnector = currentConnector;
    }

    /** One logged-in session; {@link #forget()} it when it ends. */
    final class Open {
        private final String connectorId;
        private final String credentials;
        private final String protocol;
        private final Runnable close;

        private Open(String connectorId, String credentials, String protocol, Runnable close) {
            this.connectorId = connectorId;
            this.credentials = credentials;
            this.protocol = protocol;
            this.close = close;
        }

        void forget() {
            byConnector.computeIfPresent(connectorId, (id, open) -> {
                open.remove(this);
                return open.isEmpty() ? null : open;
            });
        }
    }

    /** What a session's login depended on: when it changes, the session must log in again. */
    static String credentialsOf(Connector connector) {
        Access access = connector.access();
        return access == null ? "" : String.join("\u0000", String.valueOf(access.protocol()), String.valueOf(access.auth()),
                String.valueOf(access.username()), String.valueOf(access.passwordHash()), String.valueOf(access.publicKeys()));
    }

    /**
     * A session of {@code connectorId} logged in with {@code credentials} ({@link #credentialsOf}); {@code close}
     * ends it from any thread.
     */
    Open opened(String connectorId, String credentials, String protocol, Runnable close) {
        Open open = new Open(connectorId, credentials, protocol, close);
        byConnector.computeIfAbsent(connectorId, id -> ConcurrentHashMap.newKeySet()).add(open);
        // A change that arrived between the password check and now has not seen this session: look again.
        connectorChanged(connectorId, currentConnector.apply(connectorId).orElse(null));
        return open;
    }

    /** The connectors view saw a change of {@code connectorId}; {@code connector} is null when it was deleted. */
    void connectorChanged(String connectorId, Connector connector) {
        Set<Open> open = byConnector.get(connectorId);
        if (open == null) {
            return;
        }
        String now = connector == null ? null : credentialsOf(connector);
        for (Open session : open) {
            if (!Objects.equals(session.credentials, now)) {
                session.forget();
                log.info("{} session closed: connectorId={} reason={}", session.protocol, connectorId,
                        connector == null ? "connector deleted" : "credentials changed");
                try {
                    session.close.run();
                } catch (RuntimeException e) {
                    log.warn("{} session not closed cleanly: connectorId={} error={}", session.protocol, connectorId, e.toString());
                }
            }
        }
    }
}
