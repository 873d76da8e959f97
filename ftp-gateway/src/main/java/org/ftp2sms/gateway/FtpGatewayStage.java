package org.ftp2sms.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.server.auth.pubkey.RejectAllPublickeyAuthenticator;
import org.apache.sshd.server.channel.ChannelSessionFactory;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.ftp2sms.service.ConnectorDirectory;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.service.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The SFTP side of ftp-gateway: customers log in as their connector, land in their own home, and every completed
 * upload becomes a {@code FileArrived} on {@code ftp2sms.file-arrivals}. SFTP only: no shell, exec or forwarding.
 */
public final class FtpGatewayStage implements Stage {
    private static final Logger log = LoggerFactory.getLogger(FtpGatewayStage.class);

    private final GatewaySettings settings;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private ConnectorDirectory connectors;
    private ArrivalPublisher publisher;
    private SshServer server;
    private volatile boolean closed;

    public FtpGatewayStage(GatewaySettings settings, MeterRegistry registry) {
        this(settings, registry, Clock.systemUTC());
    }

    public FtpGatewayStage(GatewaySettings settings, MeterRegistry registry, Clock clock) {
        this.settings = settings;
        this.metrics = new GatewayMetrics(registry);
        this.clock = clock;
    }

    @Override
    public String name() {
        return "ftp-gateway";
    }

    @Override
    public synchronized void start() {
        try {
            Files.createDirectories(settings.homesDir());
            UploadStore store = new UploadStore(settings.storeDir());
            connectors = new ConnectorDirectory(settings.kafka(),
                    KafkaSettings.clientId("ftp-gateway-connectors", settings.instanceId())).start();
            publisher = new ArrivalPublisher(settings.kafka(), KafkaSettings.clientId("ftp-gateway", settings.instanceId()));
            server = sshServer(new UploadCompletedListener(store, publisher, settings.maxUploadBytes(), clock, metrics));
            server.start();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("ftp-gateway: cannot start the SFTP server on " + settings.bindHost() + ":"
                    + settings.sftpPort() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info("sftp listening on {}:{}; homes in {}", settings.bindHost(), sftpPort(), settings.homesDir());
    }

    /** The port the SFTP server listens on (the one the system chose when 0 was asked). */
    public int sftpPort() {
        for (SocketAddress address : server.getBoundAddresses()) {
            if (address instanceof InetSocketAddress inet) {
                return inet.getPort();
            }
        }
        return server.getPort();
    }

    @Override
    public boolean isHealthy() {
        return !closed && server != null && server.isStarted() && connectors.isHealthy();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            try {
                // Open uploads are abandoned (their partial files deleted); completed ones are already taken.
                server.stop(true);
            } catch (IOException e) {
                log.warn("sftp server did not stop cleanly: {}", e.toString());
            }
        }
        if (publisher != null) {
            publisher.close();
        }
        if (connectors != null) {
            connectors.close();
        }
    }

    private SshServer sshServer(UploadCompletedListener uploads) throws IOException {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost(settings.bindHost());
        sshd.setPort(settings.sftpPort());
        sshd.setKeyPairProvider(hostKeys());
        ModernAlgorithms.restrict(sshd);
        CoreModuleProperties.IDLE_TIMEOUT.set(sshd, settings.idleTimeout());

        // Password only for now; public-key login (issue 5) adds its factory and authenticator here.
        sshd.setUserAuthFactories(List.of(UserAuthPasswordFactory.INSTANCE));
        sshd.setPasswordAuthenticator(new ConnectorPasswordAuthenticator(connectors, metrics));
        sshd.setPublickeyAuthenticator(RejectAllPublickeyAuthenticator.INSTANCE);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setGSSAuthenticator(null);
        sshd.setHostBasedAuthenticator(null);

        // SFTP and nothing else: session channels only, no forwarding, no shell or exec factory.
        sshd.setChannelFactories(List.of(ChannelSessionFactory.INSTANCE));
        sshd.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        sshd.setFileSystemFactory(new ConnectorHomes(settings.homesDir()));
        SftpSubsystemFactory sftp = new SftpSubsystemFactory.Builder()
                .withFileSystemAccessor(new NoLinksFileSystemAccessor())
                .build();
        sftp.addSftpEventListener(uploads);
        sshd.setSubsystemFactories(List.of(sftp));
        return sshd;
    }

    /** One EC P-256 host key, generated at the first start and kept in {@code <dataDir>/ssh/}. */
    private SimpleGeneratorHostKeyProvider hostKeys() throws IOException {
        Path dir = settings.sshDir();
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: rely on the data dir's own protection
        }
        SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(dir.resolve("host-key-ecdsa"));
        keys.setAlgorithm(KeyUtils.EC_ALGORITHM);
        keys.setKeySize(256);
        keys.setStrictFilePermissions(true);
        keys.loadKeys(null); // generate (or read) now, so a bad key file fails the start, not the first login
        return keys;
    }

    /** Drops the legacy algorithms (SHA-1, CBC, small MACs) from sshd's defaults. */
    static final class ModernAlgorithms {
        private static final Predicate<String> LEGACY = name -> {
            String n = name.toLowerCase(Locale.ROOT);
            return n.contains("sha1") || n.contains("cbc") || n.contains("md5") || n.endsWith("-96")
                    || n.contains("3des") || n.contains("arcfour") || n.contains("blowfish") || n.equals("none")
                    || n.equals("ssh-rsa") || n.startsWith("ssh-dss") || n.equals("ssh-rsa-cert-v01@openssh.com")
                    || n.equals("diffie-hellman-group1-sha1") || n.contains("group-exchange");
        };

        private ModernAlgorithms() {
        }

        static void restrict(SshServer sshd) {
            sshd.setKeyExchangeFactories(keep(sshd.getKeyExchangeFactories()));
            sshd.setCipherFactories(keep(sshd.getCipherFactories()));
            sshd.setMacFactories(keep(sshd.getMacFactories()));
            sshd.setSignatureFactories(keep(sshd.getSignatureFactories()));
        }

        private static <T extends NamedResource> List<T> keep(List<T> factories) {
            return factories.stream().filter(f -> !LEGACY.test(f.getName())).toList();
        }
    }
}
