package org.ftp2sms.smsc;

import org.jsmpp.session.connection.Connection;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.SocketConnection;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Server sockets, plain or TLS, whose accepted connections have TCP_NODELAY on: with Nagle and delayed ACKs a
 * request/response protocol such as SMPP stalls ~40 ms per PDU. Their reads refuse absurd PDU lengths
 * ({@link PduLengthGuard}). Remembers the bound port (listening on 0).
 */
final class NoDelayServerConnectionFactory implements ServerConnectionFactory {
    private final SSLContext tls;
    private volatile ServerSocket serverSocket;

    /** @param tls null for plain TCP */
    NoDelayServerConnectionFactory(SSLContext tls) {
        this.tls = tls;
    }

    /** A TLS context with the key and certificate of a PKCS12 keystore. */
    static SSLContext tls(Path keystore, String password) throws IOException {
        char[] secret = password == null ? new char[0] : password.toCharArray();
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, secret);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, secret);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("unusable TLS keystore " + keystore + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ServerConnection listen(int port) throws IOException {
        return listen(port, 0, 50);
    }

    @Override
    public ServerConnection listen(int port, int timeout) throws IOException {
        return listen(port, timeout, 50);
    }

    @Override
    public ServerConnection listen(int port, int timeout, int backlog) throws IOException {
        ServerSocket socket = tls == null ? new ServerSocket(port, backlog)
                : tls.getServerSocketFactory().createServerSocket(port, backlog);
        socket.setSoTimeout(timeout);
        serverSocket = socket;
        return new ServerConnection() {
            @Override
            public Connection accept() throws IOException {
                Socket accepted = socket.accept();
                accepted.setTcpNoDelay(true);
                return new GuardedConnection(accepted);
            }

            @Override
            public void setSoTimeout(int millis) throws IOException {
                socket.setSoTimeout(millis);
            }

            @Override
            public int getSoTimeout() throws IOException {
                return socket.getSoTimeout();
            }

            @Override
            public void close() throws IOException {
                socket.close();
            }
        };
    }

    /** The largest PDU accepted: a deliver_sm or submit_sm with a 64 KB message_payload fits. */
    static final int MAX_PDU_BYTES = 128 * 1024;

    /** A socket connection whose reads go through a {@link PduLengthGuard}. */
    private static final class GuardedConnection extends SocketConnection {
        private final InputStream in;

        GuardedConnection(Socket socket) throws IOException {
            super(socket);
            this.in = new PduLengthGuard(super.getInputStream(), MAX_PDU_BYTES);
        }

        @Override
        public InputStream getInputStream() {
            return in;
        }
    }

    int boundPort() {
        return serverSocket == null ? -1 : serverSocket.getLocalPort();
    }
}
