package org.ftp2sms.gateway;

import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.ftp2sms.contract.Protocol;
import org.ftp2sms.contract.connector.Access;
import org.ftp2sms.contract.connector.AuthMethod;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.service.ConnectorDirectory;
import org.ftp2sms.service.PasswordHash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

/**
 * The login rules of both protocols: the user name is the connector's {@code access.username}, the connector must
 * use this protocol and this method, the password is checked against its bcrypt hash (or the key against its
 * public keys), and an address that failed too often
 * waits a growing delay before any check ({@link LoginGuard}). A deleted connector is absent
 * from the directory, so it cannot log in. Every refusal is logged here, once; the caller logs the success when
 * the session is really logged in.
 */
final class ConnectorLogins {
    private static final Logger log = LoggerFactory.getLogger(ConnectorLogins.class);
    /** Checked against for unknown names, so a refusal takes as long whether or not the name exists. */
    private static final String UNKNOWN_USER_HASH = PasswordHash.hash(PasswordHash.generatePassword());

    private final ConnectorDirectory connectors;
    private final LoginGuard guard;
    private final GatewayMetrics metrics;

    ConnectorLogins(ConnectorDirectory connectors, LoginGuard guard, GatewayMetrics metrics) {
        this.connectors = connectors;
        this.guard = guard;
        this.metrics = metrics;
    }

    /** Who is asking: protocol, the remote address (without port, for lockouts) and the remote as logged. */
    record Attempt(Protocol protocol, String username, String remoteAddress, String remote) {
    }

    /** A password login: the connector, or empty (already logged and counted). May take a bcrypt check's time. */
    Optional<Connector> password(Attempt attempt, String password) {
        Optional<String> locked = guard.throttled(attempt.username(), attempt.remoteAddress());
        if (locked.isPresent()) {
            return refused(attempt, null, locked.get(), false);
        }
        Optional<Connector> found = connectors.findByUsername(attempt.username());
        if (found.isEmpty()) {
            PasswordHash.matches(password, UNKNOWN_USER_HASH);
            return refused(attempt, null, "unknown user", true);
        }
        Connector connector = found.get();
        String refusal = methodRefusal(connector, attempt.protocol(), AuthMethod.PASSWORD);
        if (refusal == null && !PasswordHash.matches(password, connector.access().passwordHash())) {
            refusal = "wrong password";
        }
        return refusal == null ? Optional.of(connector) : refused(attempt, connector, refusal, true);
    }

    /**
     * A public key offered for a login (SFTP). A key that is not the connector's is refused but not counted as a
     * failed login: clients offer each key they hold in turn, and a key cannot be guessed.
     */
    Optional<Connector> publicKey(Attempt attempt, PublicKey key) {
        Optional<String> locked = guard.throttled(attempt.username(), attempt.remoteAddress());
        if (locked.isPresent()) {
            return refused(attempt, null, locked.get(), false);
        }
        Optional<Connector> found = connectors.findByUsername(attempt.username());
        if (found.isEmpty()) {
            return refused(attempt, null, "unknown user", true);
        }
        Connector connector = found.get();
        String refusal = methodRefusal(connector, attempt.protocol(), AuthMethod.PUBLIC_KEY);
        if (refusal != null) {
            return refused(attempt, connector, refusal, true);
        }
        if (!isOneOf(key, connector.access().publicKeys())) {
            return refused(attempt, connector, "key " + KeyUtils.getFingerPrint(key) + " is not one of the connector's", false);
        }
        return Optional.of(connector);
    }

    /** The session is logged in as {@code connector}. */
    void loggedIn(Attempt attempt, Connector connector, String method) {
        guard.succeeded(attempt.username(), attempt.remoteAddress());
        metrics.loginOk(attempt.protocol());
        log.info("{} login ok: connectorId={} remote={} method={}", name(attempt.protocol()), connector.id(),
                attempt.remote(), method);
    }

    /** A login that passed its credentials but is refused for another reason (too many sessions). */
    void refusedAfterCheck(Attempt attempt, Connector connector, String reason) {
        refused(attempt, connector, reason, false);
    }

    private Optional<Connector> refused(Attempt attempt, Connector connector, String reason, boolean countsAsFailure) {
        if (countsAsFailure) {
            guard.failed(attempt.username(), attempt.remoteAddress());
        }
        metrics.loginRefused(attempt.protocol());
        // The user name a stranger typed is not logged: it is sometimes a mistyped password.
        log.info("{} login refused: connectorId={} remote={} reason={}", name(attempt.protocol()),
                connector == null ? "-" : connector.id(), attempt.remote(), reason);
        return Optional.empty();
    }

    private static String methodRefusal(Connector connector, Protocol protocol, AuthMethod method) {
        Access access = connector.access();
        if (access.protocol() != protocol) {
            return "connector uses " + access.protocol();
        }
        if (access.auth() != method) {
            return "connector does not use " + (method == AuthMethod.PASSWORD ? "password" : "public-key") + " login";
        }
        return null;
    }

    private static boolean isOneOf(PublicKey key, List<String> authorizedKeys) {
        if (authorizedKeys == null) {
            return false;
        }
        for (String line : authorizedKeys) {
            try {
                AuthorizedKeyEntry entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(line);
                if (entry != null && KeyUtils.compareKeys(key, entry.resolvePublicKey(null, null))) {
                    return true;
                }
            } catch (Exception e) {
                // one unreadable key must not hide the others; connector-admin validates keys when they are set
                log.warn("connector public key not readable: {}", e.toString());
            }
        }
        return false;
    }

    static String name(Protocol protocol) {
        return protocol == Protocol.SFTP ? "sftp" : "ftps";
    }
}
