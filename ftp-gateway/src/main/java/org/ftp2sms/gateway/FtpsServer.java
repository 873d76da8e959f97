package org.ftp2sms.gateway;

import org.apache.ftpserver.ConnectionConfigFactory;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.command.CommandFactoryFactory;
import org.apache.ftpserver.command.impl.EPSV;
import org.apache.ftpserver.command.impl.PASV;
import org.apache.ftpserver.filesystem.nativefs.NativeFileSystemFactory;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.listener.Listener;
import org.apache.ftpserver.listener.ListenerFactory;
import org.ftp2sms.gateway.GatewaySettings.Ftps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;

/**
 * The explicit-TLS FTP server (Apache FtpServer): one control port, passive data ports from a fixed range
 * announced with an optional external address (for a Kubernetes service), TLS ({@link FtpsTls}) on both channels with
 * the {@link FtpsCertificate}, connectors as users ({@link ConnectorUserManager}), the {@link FtpsPolicy} rules, and
 * uploads through {@link FtpsStoreCommand}. Passive mode only: active mode would make the server connect out.
 */
final class FtpsServer implements AutoCloseable {
    private static final String LISTENER = "default";
    private static final Logger log = LoggerFactory.getLogger(FtpsServer.class);
    private static final String[] TLS_VERSIONS = {"TLSv1.3", "TLSv1.2"};
    private static final String[] TLS_1_2 = {"TLSv1.2"};

    private final FtpServer server;
    private final Listener listener;

    FtpsServer(String bindHost, Ftps settings, FtpsCertificate.Keystore keystore, ConnectorUserManager users,
               FtpsPolicy policy, FtpsStoreCommand store, FtpsRenameCommand rename, FtpsLoginCommand login,
               int idleTimeoutSeconds) throws IOException, GeneralSecurityException {
        // One SSLContext for control and data connections: one session cache, so a data connection can resume its
        // control connection's session. BouncyCastle's JSSE server resumes TLS 1.2 sessions only (1.83 has no
        // server-side TLS 1.3 resumption or PSK), so while resumption is required the listener offers TLS 1.2,
        // and says so.
        String[] versions = settings.requireTlsReuse() ? TLS_1_2 : TLS_VERSIONS;
        FtpsTls tls = new FtpsTls(keystore, versions);
        if (settings.requireTlsReuse()) {
            log.info("ftps: data connections must resume the control connection's TLS session"
                    + " (FTP2SMS_FTPS_REQUIRE_TLS_REUSE=true), so TLS 1.2 only");
        }

        DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
        data.setActiveEnabled(false);
        // pasv_promiscuous=NO: a data connection must come from the address of its control connection, so whoever
        // reaches an announced passive port first cannot push into or read from another customer's transfer.
        data.setPassiveIpCheck(true);
        data.setPassivePorts(settings.passivePorts());
        if (settings.externalAddress() != null) {
            data.setPassiveExternalAddress(settings.externalAddress());
        }
        data.setSslConfiguration(tls);
        data.setIdleTime(idleTimeoutSeconds);

        ListenerFactory listenerFactory = new ListenerFactory();
        listenerFactory.setServerAddress(bindHost);
        listenerFactory.setPort(settings.port());
        listenerFactory.setSslConfiguration(tls);
        listenerFactory.setImplicitSsl(false);
        listenerFactory.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
        listenerFactory.setIdleTimeout(idleTimeoutSeconds);

        ConnectionConfigFactory connections = new ConnectionConfigFactory();
        connections.setAnonymousLoginEnabled(false);
        connections.setMaxLogins(0); // the per-connector limit is SessionLimiter's
        connections.setMaxThreads(128); // a transfer holds a thread for its whole length
        connections.setMaxLoginFailures(3);

        CommandFactoryFactory commands = new CommandFactoryFactory();
        commands.addCommand("STOR", store);
        commands.addCommand("RNTO", rename);
        commands.addCommand("PASS", login);
        if (settings.requireTlsReuse()) {
            commands.addCommand("PASV", new FtpsPassiveCommand(new PASV()));
            commands.addCommand("EPSV", new FtpsPassiveCommand(new EPSV()));
        }

        NativeFileSystemFactory files = new NativeFileSystemFactory();
        files.setCreateHome(true);

        FtpServerFactory factory = new FtpServerFactory();
        factory.addListener(LISTENER, listenerFactory.createListener());
        factory.setConnectionConfig(connections.createConnectionConfig());
        factory.setUserManager(users);
        factory.setFileSystem(files);
        factory.setFtplets(new HashMap<>(Map.of("ftp2sms", policy))); // FtpServer clears it on stop
        factory.setCommandFactory(commands.createCommandFactory());
        if (settings.requireTlsReuse()) {
            factory.setMessageResource(new FtpsMessages());
        }
        this.server = factory.createServer();
        this.listener = factory.getListener(LISTENER);
    }

    void start() throws FtpException {
        quietLibraryLogs();
        server.start();
    }

    /**
     * FtpServer logs each failed login with the user name a stranger typed (sometimes a mistyped password), and
     * warns with a stack trace on every cut transfer or early QUIT; the gateway's own lines already record each of
     * these events with connector id and remote address. Unless the logging configuration sets a level for
     * FtpServer, only its errors are kept.
     */
    private static void quietLibraryLogs() {
        if (LoggerFactory.getLogger("org.apache.ftpserver") instanceof ch.qos.logback.classic.Logger logger
                && logger.getLevel() == null) {
            logger.setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }

    /** The control port (the one the system chose when 0 was asked). */
    int port() {
        return listener.getPort();
    }

    boolean isRunning() {
        return !server.isStopped() && !server.isSuspended();
    }

    @Override
    public void close() {
        if (!server.isStopped()) {
            server.stop();
        }
    }
}
