package org.ftp2sms.dispatcher;

import org.jsmpp.session.connection.Connection;
import org.jsmpp.session.connection.ConnectionFactory;
import org.jsmpp.session.connection.socket.SocketConnection;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * Client sockets to an SMSC, with TCP_NODELAY (jSMPP leaves Nagle on, which with delayed ACKs caps a bind at a
 * few hundred submits per second), in TLS when the route asks for it: the SMSC's certificate is checked against
 * the route's truststore (else the JVM's) and its host name, so the bind password never travels in clear to
 * whoever answers on the port.
 */
final class SmscConnectionFactory implements ConnectionFactory {
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private final SSLContext tls;

    private SmscConnectionFactory(SSLContext tls) {
        this.tls = tls;
    }

    static SmscConnectionFactory plain() {
        return new SmscConnectionFactory(null);
    }

    static SmscConnectionFactory of(SmscRoute route) {
        if (!route.tls()) {
            return plain();
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (route.truststore() == null) {
                trust.init((KeyStore) null);
            } else {
                KeyStore store = KeyStore.getInstance(route.truststore().toString().endsWith(".jks") ? "JKS" : "PKCS12");
                char[] password = route.truststorePassword() == null ? null : route.truststorePassword().toCharArray();
                try (InputStream in = Files.newInputStream(route.truststore())) {
                    store.load(in, password);
                }
                trust.init(store);
            }
            context.init(null, trust.getTrustManagers(), null);
            return new SmscConnectionFactory(context);
        } catch (IOException e) {
            throw new UncheckedIOException("SMSC route " + route.name() + ": cannot read the truststore " + route.truststore(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SMSC route " + route.name() + ": unusable truststore: " + e.getMessage(), e);
        }
    }

    @Override
    public Connection createConnection(String host, int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            if (tls == null) {
                return new SocketConnection(socket);
            }
            SSLSocket secured = (SSLSocket) tls.getSocketFactory().createSocket(socket, host, port, true);
            SSLParameters params = secured.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host dialled
            secured.setSSLParameters(params);
            secured.setSoTimeout(CONNECT_TIMEOUT_MS);
            secured.startHandshake();
            secured.setSoTimeout(0);
            return new SocketConnection(secured);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }
}
