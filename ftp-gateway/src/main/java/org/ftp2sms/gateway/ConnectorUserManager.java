package org.ftp2sms.gateway;

import org.apache.ftpserver.ftplet.Authentication;
import org.apache.ftpserver.ftplet.AuthenticationFailedException;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.User;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.usermanager.UsernamePasswordAuthentication;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;
import org.ftp2sms.contract.Protocol;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.gateway.ConnectorLogins.Attempt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * FTPS users are connectors: password login through the shared {@link ConnectorLogins} rules, home
 * {@code <dataDir>/homes/<connectorId>/}. A login that passes its password also takes one of the connector's
 * session places ({@link FtpsPolicy} gives it back when the session ends). Nothing is ever saved or deleted here:
 * connectors are managed by connector-admin.
 */
final class ConnectorUserManager implements UserManager {
    /** A logged-in connector. */
    static final class ConnectorUser extends BaseUser {
        private final String connectorId;
        private final String credentials;

        ConnectorUser(String username, String connectorId, String credentials, Path home, Duration idleTimeout) {
            this.connectorId = connectorId;
            this.credentials = credentials;
            setName(username);
            setHomeDirectory(home.toString());
            setEnabled(true);
            setMaxIdleTime((int) Math.min(Integer.MAX_VALUE, idleTimeout.toSeconds()));
            // write permission lets FtpServer's own commands work in /; FtpsPolicy keeps exports/ read-only
            setAuthorities(List.of(new WritePermission()));
        }

        String connectorId() {
            return connectorId;
        }

        /** What the login was checked against ({@link OpenSessions#credentialsOf}). */
        String credentials() {
            return credentials;
        }
    }

    private final ConnectorLogins logins;
    private final SessionLimiter sessions;
    private final ConnectorHomes homes;
    private final Duration idleTimeout;

    ConnectorUserManager(ConnectorLogins logins, SessionLimiter sessions, ConnectorHomes homes, Duration idleTimeout) {
        this.logins = logins;
        this.sessions = sessions;
        this.homes = homes;
        this.idleTimeout = idleTimeout;
    }

    @Override
    public User authenticate(Authentication authentication) throws AuthenticationFailedException {
        if (!(authentication instanceof UsernamePasswordAuthentication login)) {
            throw new AuthenticationFailedException("only password login"); // anonymous included
        }
        InetAddress address = login.getUserMetadata() == null ? null : login.getUserMetadata().getInetAddress();
        String remote = address == null ? "-" : address.getHostAddress();
        Attempt attempt = new Attempt(Protocol.FTPS, login.getUsername(), remote, remote);
        Optional<Connector> connector = logins.password(attempt, login.getPassword() == null ? "" : login.getPassword());
        if (connector.isEmpty()) {
            throw new AuthenticationFailedException("login refused");
        }
        String connectorId = connector.get().id();
        if (!sessions.tryAcquire(connectorId)) {
            logins.refusedAfterCheck(attempt, connector.get(),
                    "too many sessions: at most " + sessions.maxPerConnector() + " at a time per account");
            throw new AuthenticationFailedException("too many sessions");
        }
        logins.loggedIn(attempt, connector.get(), "password");
        return new ConnectorUser(login.getUsername(), connectorId, OpenSessions.credentialsOf(connector.get()),
                home(connectorId), idleTimeout);
    }

    private Path home(String connectorId) {
        try {
            return homes.prepared(connectorId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public User getUserByName(String username) {
        return null; // only authenticate() hands out users: no command may act as someone else
    }

    @Override
    public String[] getAllUserNames() {
        return new String[0];
    }

    @Override
    public void delete(String username) throws FtpException {
        throw new FtpException("connectors are managed by connector-admin");
    }

    @Override
    public void save(User user) throws FtpException {
        throw new FtpException("connectors are managed by connector-admin");
    }

    @Override
    public boolean doesExist(String username) {
        return false;
    }

    @Override
    public String getAdminName() {
        return "\u0000no-admin"; // no user name can be this: SITE's admin commands stay closed
    }

    @Override
    public boolean isAdmin(String username) {
        return false;
    }
}
