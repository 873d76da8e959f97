package org.ftp2sms.gateway;

import org.apache.ftpserver.ssl.ClientAuth;
import org.apache.ftpserver.ssl.SslConfiguration;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;

/**
 * TLS for FTPS, control and data connections alike, on BouncyCastle's JSSE.
 * <p>
 * Data connections: in FTP an upload ends when the client closes the data connection, so a client killed
 * mid-transfer looks like a finished one, except that it never sent TLS {@code close_notify}. The JDK's SSLSocket
 * reports both as a plain end of stream; BouncyCastle's throws {@code TlsNoCloseNotifyException}, so a cut transfer
 * ends in an error and is discarded, never processed.
 * <p>
 * Control connections use the same {@link SSLContext}, hence the same server session cache: a data connection can
 * resume its control connection's TLS session, which {@link TlsReuseCheckedDataConnection} requires.
 */
final class FtpsTls implements SslConfiguration {
    /**
     * BC JSSE reports through java.util.logging, at INFO and WARNING, on how it reads the JDK's security
     * properties; kept here (a logger's level is lost once it is garbage collected) so only its errors show.
     */
    private static final java.util.logging.Logger BC_JSSE_LOG = quiet(java.util.logging.Logger.getLogger("org.bouncycastle.jsse"));

    private final SSLContext context;
    private final String[] protocols;

    FtpsTls(FtpsCertificate.Keystore keystore, String[] protocols) throws IOException, GeneralSecurityException {
        Provider jsse = new BouncyCastleJsseProvider();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore.file())) {
            store.load(in, keystore.password().toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance("PKIX", jsse);
        keys.init(store, keystore.password().toCharArray());
        this.context = SSLContext.getInstance("TLS", jsse);
        this.context.init(keys.getKeyManagers(), null, new SecureRandom());
        this.protocols = protocols.clone();
    }

    private static java.util.logging.Logger quiet(java.util.logging.Logger logger) {
        logger.setLevel(java.util.logging.Level.SEVERE);
        return logger;
    }

    /** FtpServer wraps each accepted passive data socket with this factory; the socket is handed to the check. */
    @Override
    public SSLSocketFactory getSocketFactory() {
        return new ReportingSocketFactory(context.getSocketFactory());
    }

    @Override
    public SSLContext getSSLContext() {
        return context;
    }

    @Override
    public SSLContext getSSLContext(String protocol) {
        return context;
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return null; // the provider's defaults, which honour jdk.tls.disabledAlgorithms
    }

    @Override
    public String[] getEnabledProtocols() {
        return protocols.clone();
    }

    @Override
    public String getEnabledProtocol() {
        return protocols[0];
    }

    @Override
    public ClientAuth getClientAuth() {
        return ClientAuth.NONE;
    }

    /** Hands each TLS socket it layers over an accepted data socket to {@link TlsReuseCheckedDataConnection}. */
    private static final class ReportingSocketFactory extends SSLSocketFactory {
        private final SSLSocketFactory factory;

        ReportingSocketFactory(SSLSocketFactory factory) {
            this.factory = factory;
        }

        @Override
        public Socket createSocket(Socket accepted, String host, int port, boolean autoClose) throws IOException {
            return TlsReuseCheckedDataConnection.accepted((SSLSocket) factory.createSocket(accepted, host, port, autoClose));
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return factory.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return factory.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return factory.createSocket(host, port);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return factory.createSocket(host, port, localHost, localPort);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return factory.createSocket(host, port);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return factory.createSocket(address, port, localAddress, localPort);
        }
    }
}
