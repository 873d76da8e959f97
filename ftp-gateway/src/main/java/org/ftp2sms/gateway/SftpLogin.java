package org.ftp2sms.gateway;

import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.auth.AsyncAuthException;
import org.apache.sshd.server.auth.password.PasswordAuthenticator;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.ftp2sms.contract.Protocol;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.gateway.ConnectorLogins.Attempt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.PublicKey;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * SFTP login of a connector, by password or by public key, through the shared {@link ConnectorLogins} rules.
 * The bcrypt check runs on a small pool, not on sshd's network threads ({@link AsyncAuthException}), so slow
 * hashing never stalls other sessions' transfers. Once sshd reports the session authenticated (for a key, after
 * its signature was verified), the session takes one of the connector's session places or is disconnected, and
 * is registered with {@link OpenSessions} to be closed when the connector's credentials change.
 */
final class SftpLogin implements PasswordAuthenticator, PublickeyAuthenticator, SessionListener {
    private static final Logger log = LoggerFactory.getLogger(SftpLogin.class);
    private static final AttributeKey<Connector> CONNECTOR = new AttributeKey<>();
    private static final AttributeKey<String> METHOD = new AttributeKey<>();
    private static final AttributeKey<Boolean> HOLDS_PLACE = new AttributeKey<>();
    private static final AttributeKey<OpenSessions.Open> OPEN = new AttributeKey<>();

    private final ConnectorLogins logins;
    private final SessionLimiter sessions;
    private final OpenSessions openSessions;
    private final ExecutorService passwordChecks;

    SftpLogin(ConnectorLogins logins, SessionLimiter sessions, OpenSessions openSessions, ExecutorService passwordChecks) {
        this.logins = logins;
        this.sessions = sessions;
        this.openSessions = openSessions;
        this.passwordChecks = passwordChecks;
    }

    @Override
    public boolean authenticate(String username, String password, ServerSession session) {
        Attempt attempt = attempt(username, session);
        AsyncAuthException pending = new AsyncAuthException();
        try {
            passwordChecks.execute(() -> {
                boolean ok = false;
                try {
                    ok = accept(session, logins.password(attempt, password), "password");
                } catch (RuntimeException e) {
                    log.warn("sftp login check failed: remote={} error={}", attempt.remote(), e.toString());
                } finally {
                    pending.setAuthed(ok);
                }
            });
        } catch (RejectedExecutionException e) {
            return false; // shutting down
        }
        throw pending;
    }

    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        return accept(session, logins.publicKey(attempt(username, session), key), "publickey");
    }

    private static boolean accept(ServerSession session, Optional<Connector> connector, String method) {
        if (connector.isEmpty()) {
            return false;
        }
        session.setAttribute(CONNECTOR, connector.get());
        session.setAttribute(METHOD, method);
        GatewaySession.loggedIn(session, connector.get().id());
        return true;
    }

    @Override
    public void sessionEvent(Session session, Event event) {
        if (event != Event.Authenticated || !(session instanceof ServerSession server)) {
            return;
        }
        Connector connector = server.getAttribute(CONNECTOR);
        if (connector == null) {
            return;
        }
        Attempt attempt = attempt(server.getUsername(), server);
        if (!sessions.tryAcquire(connector.id())) {
            String reason = "too many sessions: at most " + sessions.maxPerConnector() + " at a time per account";
            logins.refusedAfterCheck(attempt, connector, reason);
            try {
                server.disconnect(SshConstants.SSH2_DISCONNECT_TOO_MANY_CONNECTIONS, reason);
            } catch (IOException e) {
                server.close(true);
            }
            return;
        }
        server.setAttribute(HOLDS_PLACE, Boolean.TRUE);
        logins.loggedIn(attempt, connector, server.getAttribute(METHOD));
        server.setAttribute(OPEN, openSessions.opened(connector.id(), OpenSessions.credentialsOf(connector), "sftp",
                () -> server.close(true)));
    }

    @Override
    public void sessionClosed(Session session) {
        OpenSessions.Open open = session.removeAttribute(OPEN);
        if (open != null) {
            open.forget();
        }
        Connector connector = session.getAttribute(CONNECTOR);
        if (connector != null && session.removeAttribute(HOLDS_PLACE) != null) {
            sessions.release(connector.id());
            log.info("sftp session closed: connectorId={} remote={}", connector.id(), GatewaySession.remote(session));
        }
    }

    private static Attempt attempt(String username, ServerSession session) {
        String address = session.getRemoteAddress() instanceof InetSocketAddress inet
                ? inet.getAddress().getHostAddress() : String.valueOf(session.getRemoteAddress());
        return new Attempt(Protocol.SFTP, username, address, GatewaySession.remote(session));
    }
}
