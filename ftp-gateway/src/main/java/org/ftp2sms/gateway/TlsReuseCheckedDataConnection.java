package org.ftp2sms.gateway;

import org.apache.ftpserver.ftplet.DataConnection;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;
import org.apache.ftpserver.impl.IODataConnectionFactory;
import org.apache.mina.filter.ssl.SslFilter;
import org.ftp2sms.gateway.ConnectorUserManager.ConnectorUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * A session's passive data connections, as FtpServer's own (address check, TLS handshake), then required to have
 * resumed the TLS session of their control connection (vsftpd's {@code require_ssl_reuse}): only the client that
 * holds that session's master secret can, so whoever else reaches the announced port first (another customer, even
 * behind the same address) is closed right after the handshake, before a byte of data is read or written.
 * <p>
 * The data socket is created inside FtpServer, which keeps it to itself; {@link FtpsTls}'s socket factory hands it
 * over through {@link #accepted}, in the thread that opens the connection.
 */
final class TlsReuseCheckedDataConnection extends IODataConnectionFactory {
    private static final Logger log = LoggerFactory.getLogger(TlsReuseCheckedDataConnection.class);
    /** Where FtpServer keeps a session's data connection factory ({@link FtpIoSession#getDataConnection()}). */
    private static final String ATTRIBUTE = FtpIoSession.ATTRIBUTE_PREFIX + "data-connection";
    private static final ThreadLocal<SSLSocket[]> OPENING = new ThreadLocal<>();

    static final String REFUSAL = "data connection refused: its TLS session must resume this control connection's"
            + " (TLS session reuse); connect from the same client process and keep its TLS session cache on";

    /** Why a data connection was closed. */
    static final class NotResumed extends IOException {
        NotResumed() {
            super(REFUSAL);
        }
    }

    private final FtpIoSession session;

    private TlsReuseCheckedDataConnection(FtpServerContext context, FtpIoSession session) {
        super(context, session);
        this.session = session;
        setServerControlAddress(((InetSocketAddress) session.getLocalAddress()).getAddress());
    }

    /** Puts the check in place of the session's data connection factory, keeping its PROT and MODE settings. */
    static void installIn(FtpIoSession session, FtpServerContext context) {
        if (session.getAttribute(ATTRIBUTE) instanceof TlsReuseCheckedDataConnection) {
            return;
        }
        var previous = session.getDataConnection();
        TlsReuseCheckedDataConnection checked = new TlsReuseCheckedDataConnection(context, session);
        checked.setSecure(previous.isSecure());
        checked.setZipMode(previous.isZipMode());
        previous.closeDataConnection();
        session.setAttribute(ATTRIBUTE, checked);
    }

    /** Called by {@link FtpsTls}'s socket factory with each TLS socket it layers over an accepted data socket. */
    static SSLSocket accepted(SSLSocket socket) {
        SSLSocket[] slot = OPENING.get();
        if (slot != null) {
            slot[0] = socket;
        }
        return socket;
    }

    @Override
    public DataConnection openConnection() throws Exception {
        SSLSocket[] slot = new SSLSocket[1];
        OPENING.set(slot);
        DataConnection connection;
        try {
            connection = super.openConnection(); // accepts, checks the address, completes the TLS handshake
        } finally {
            OPENING.remove();
        }
        SSLSocket data = slot[0];
        if (data == null || data.isClosed()) {
            return connection; // plain (PROT C is refused before) or already refused by FtpServer's address check
        }
        if (!resumesControlSession(data.getSession())) {
            String connectorId = session.getUser() instanceof ConnectorUser user ? user.connectorId() : "-";
            log.warn("ftps data connection refused: connectorId={} remote={} dataRemote={} reason=tls session not resumed",
                    connectorId, FtpsPolicy.remote(session.getFtpletSession()),
                    data.getInetAddress().getHostAddress() + ":" + data.getPort());
            closeDataConnection();
            throw new NotResumed();
        }
        return connection;
    }

    /**
     * A session id is the server's random choice, and resuming it takes the session's master secret (an abbreviated
     * handshake fails without it), so an equal id after a completed handshake proves the same client.
     */
    private boolean resumesControlSession(SSLSession data) {
        byte[] controlId = session.getAttribute(SslFilter.SSL_SECURED) instanceof SSLSession control ? control.getId() : null;
        return controlId != null && controlId.length > 0 && Arrays.equals(controlId, data.getId());
    }
}
