package org.ftp2sms.gateway;

import org.apache.sshd.server.auth.password.PasswordAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.ftp2sms.contract.Protocol;
import org.ftp2sms.contract.connector.Access;
import org.ftp2sms.contract.connector.AuthMethod;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.service.ConnectorDirectory;
import org.ftp2sms.service.PasswordHash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Password login of a connector: the SSH user name is the connector's {@code access.username}, the password is
 * checked against its bcrypt hash. A deleted connector is absent from the directory, so it cannot log in.
 * (Public-key login and brute-force limits come beside this class, issue 5.)
 */
final class ConnectorPasswordAuthenticator implements PasswordAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(ConnectorPasswordAuthenticator.class);

    private final ConnectorDirectory connectors;
    private final GatewayMetrics metrics;

    ConnectorPasswordAuthenticator(ConnectorDirectory connectors, GatewayMetrics metrics) {
        this.connectors = connectors;
        this.metrics = metrics;
    }

    @Override
    public boolean authenticate(String username, String password, ServerSession session) {
        Optional<Connector> found = connectors.findByUsername(username);
        String refusal = found.isPresent() ? refusal(found.get(), password) : "unknown user";
        if (refusal != null) {
            // The user name a stranger typed is not logged: it is sometimes a mistyped password.
            log.info("sftp login refused: connectorId={} remote={} reason={}",
                    found.map(Connector::id).orElse("-"), GatewaySession.remote(session), refusal);
            metrics.loginRefused();
            return false;
        }
        Connector connector = found.get();
        GatewaySession.loggedIn(session, connector.id());
        log.info("sftp login ok: connectorId={} remote={}", connector.id(), GatewaySession.remote(session));
        metrics.loginOk();
        return true;
    }

    private static String refusal(Connector connector, String password) {
        Access access = connector.access();
        if (access.protocol() != Protocol.SFTP) {
            return "connector uses " + access.protocol();
        }
        if (access.auth() != AuthMethod.PASSWORD) {
            return "connector does not use password login";
        }
        return PasswordHash.matches(password, access.passwordHash()) ? null : "wrong password";
    }
}
