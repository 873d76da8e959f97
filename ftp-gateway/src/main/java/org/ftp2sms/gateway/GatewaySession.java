package org.ftp2sms.gateway;

import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.session.SessionContext;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** What the gateway remembers about an SSH session once it is logged in: which connector it acts for. */
final class GatewaySession {
    static final AttributeKey<String> CONNECTOR_ID = new AttributeKey<>();

    private GatewaySession() {
    }

    static void loggedIn(SessionContext session, String connectorId) {
        session.setAttribute(CONNECTOR_ID, connectorId);
    }

    /** The connector of a logged-in session; a session without one must never reach a file system. */
    static String connectorId(SessionContext session) {
        String id = session.getAttribute(CONNECTOR_ID);
        if (id == null) {
            throw new IllegalStateException("session is not logged in as a connector");
        }
        return id;
    }

    static String remote(SessionContext session) {
        SocketAddress address = session.getRemoteAddress();
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
