package org.ftp2sms.gateway;

import org.apache.ftpserver.ssl.ClientAuth;
import org.apache.ftpserver.ssl.SslConfiguration;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;

/**
 * TLS for FTPS data connections, on BouncyCastle's JSSE. In FTP an upload ends when the client closes the data
 * connection, so a client killed mid-transfer looks like a finished one, except that it never sent TLS
 * {@code close_notify}. The JDK's SSLSocket reports both as a plain end of stream; BouncyCastle's throws
 * {@code TlsNoCloseNotifyException}, so a cut transfer ends in an error and is discarded, never processed.
 */
final class DataChannelTls implements SslConfiguration {
    /**
     * BC JSSE reports through java.util.logging, at INFO and WARNING, on how it reads the JDK's security
     * properties; kept here (a logger's level is lost once it is garbage collected) so only its errors show.
     */
    private static final java.util.logging.Logger BC_JSSE_LOG = quiet(java.util.logging.Logger.getLogger("org.bouncycastle.jsse"));

    private final SSLContext context;
    private final String[] protocols;

    DataChannelTls(FtpsCertificate.Keystore keystore, String[] protocols) throws IOException, GeneralSecurityException {
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

    @Override
    public SSLSocketFactory getSocketFactory() {
        return context.getSocketFactory();
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
}
