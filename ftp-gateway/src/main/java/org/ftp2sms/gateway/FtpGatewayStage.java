package org.ftp2sms.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
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
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * ftp-gateway: customers log in as their connector over SFTP or explicit FTPS, land in their own chrooted home
 * ({@code /} for uploads, {@code /exports/} read-only), and every completed upload becomes a {@code FileArrived}
 * on {@code ftp2sms.file-arrivals}. Both protocols share one login rule set, one brute-force guard, one session
 * limit and one upload intake. SFTP only on the SSH port: no shell, exec or forwarding.
 */
public final class FtpGatewayStage implements Stage {
    private static final Logger log = LoggerFactory.getLogger(FtpGatewayStage.class);
    /** How often events that could not be published when their upload completed are tried again. */
    private static final Duration RESEND_INTERVAL = Duration.ofSeconds(30);
    /** How often temporary files left behind are looked for. */
    private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

    private final GatewaySettings settings;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private ConnectorDirectory connectors;
    private ArrivalPublisher publisher;
    private ScheduledExecutorService housekeeping;
    private ExecutorService passwordChecks;
    private SshServer server;
    private FtpsServer ftps;
    private volatile boolean closed;

    public FtpGatewayStage(GatewaySettings settings, MeterRegistry registry) {
        this(settings, registry, Clock.systemUTC());
    }

    /** @param clock the time of arrivals and of the brute-force windows */
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
        String serving = "SFTP on " + settings.bindHost() + ":" + settings.sftpPort();
        try {
            Files.createDirectories(settings.homesDir());
            UploadStore store = new UploadStore(settings.storeDir(), settings.instanceId(),
                    settings.idleTimeout().multipliedBy(2), clock);
            ConnectorHomes homes = new ConnectorHomes(settings.homesDir());
            connectors = new ConnectorDirectory(settings.kafka(),
                    KafkaSettings.clientId("ftp-gateway-connectors", settings.instanceId())).start();
            publisher = new ArrivalPublisher(settings.kafka(), KafkaSettings.clientId("ftp-gateway", settings.instanceId()));
            TemporaryNames temporaryNames = settings.temporaryUploads().matcher();
            TakenFiles takenFiles = new TakenFiles(clock);
            UploadIntake intake = new UploadIntake(store, homes, temporaryNames, takenFiles, publisher, clock, metrics);
            housekeeping = Executors.newSingleThreadScheduledExecutor(daemonThreads("gateway-housekeeping"));
            housekeeping.scheduleWithFixedDelay(new UnpublishedArrivals(store, publisher, settings.instanceId()),
                    0, RESEND_INTERVAL.toSeconds(), TimeUnit.SECONDS);
            housekeeping.scheduleWithFixedDelay(new TemporaryFileSweeper(settings.homesDir(), temporaryNames,
                    settings.temporaryUploads().maxAge(), clock), 0, SWEEP_INTERVAL.toSeconds(), TimeUnit.SECONDS);
            housekeeping.scheduleWithFixedDelay(takenFiles::expire, 1, 1, TimeUnit.MINUTES);
            ConnectorLogins logins = new ConnectorLogins(connectors, new LoginGuard(settings.logins(), clock), metrics);
            OpenSessions openSessions = new OpenSessions(connectors::find);
            connectors.onChange(openSessions::connectorChanged);
            SessionLimiter sessions = new SessionLimiter(settings.maxSessionsPerConnector());
            passwordChecks = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                    daemonThreads("sftp-login"));

            server = sshServer(new SftpLogin(logins, sessions, openSessions, passwordChecks), homes, store, intake, takenFiles,
                    new UploadCompletedListener(intake, settings.maxUploadBytes(), metrics));
            server.start();

            serving = "FTPS on " + settings.bindHost() + ":" + settings.ftps().port();
            int idleSeconds = (int) Math.min(Integer.MAX_VALUE, settings.idleTimeout().toSeconds());
            ftps = new FtpsServer(settings.bindHost(), settings.ftps(),
                    FtpsCertificate.resolve(settings.ftps(), settings.tlsDir(), clock),
                    new ConnectorUserManager(logins, sessions, homes, settings.idleTimeout()),
                    new FtpsPolicy(sessions, new SessionLimiter(settings.ftps().maxDataConnectionsPerConnector()), metrics, takenFiles),
                    new FtpsStoreCommand(store, intake, settings.maxUploadBytes()), new FtpsRenameCommand(intake), new FtpsLoginCommand(openSessions), idleSeconds);
            ftps.start();
        } catch (IOException | FtpException | GeneralSecurityException e) {
            close();
            throw new IllegalStateException("ftp-gateway: cannot start " + serving + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info("sftp listening on {}:{}, ftps on {}:{} (passive ports {}); homes in {}", settings.bindHost(), sftpPort(),
                settings.bindHost(), ftpsPort(), settings.ftps().passivePorts(), settings.homesDir());
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

    /** The FTPS control port (the one the system chose when 0 was asked). */
    public int ftpsPort() {
        return ftps.port();
    }

    @Override
    public boolean isHealthy() {
        return !closed && server != null && server.isStarted() && ftps != null && ftps.isRunning()
                && connectors.isHealthy();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Open uploads are abandoned (their partial files deleted); completed ones are already taken.
        if (ftps != null) {
            ftps.close();
        }
        if (server != null) {
            try {
                server.stop(true);
            } catch (IOException e) {
                log.warn("sftp server did not stop cleanly: {}", e.toString());
            }
        }
        if (passwordChecks != null) {
            passwordChecks.shutdownNow();
        }
        if (housekeeping != null) {
            housekeeping.shutdownNow();
        }
        if (publisher != null) {
            publisher.close();
        }
        if (connectors != null) {
            connectors.close();
        }
    }

    private SshServer sshServer(SftpLogin login, ConnectorHomes homes, UploadStore store, UploadIntake intake,
                                TakenFiles takenFiles, UploadCompletedListener uploads) throws IOException {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost(settings.bindHost());
        sshd.setPort(settings.sftpPort());
        sshd.setKeyPairProvider(hostKeys());
        ModernAlgorithms.restrict(sshd);
        CoreModuleProperties.IDLE_TIMEOUT.set(sshd, settings.idleTimeout());

        sshd.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE, UserAuthPasswordFactory.INSTANCE));
        sshd.setPasswordAuthenticator(login);
        sshd.setPublickeyAuthenticator(login);
        sshd.addSessionListener(login);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setGSSAuthenticator(null);
        sshd.setHostBasedAuthenticator(null);

        // SFTP and nothing else: session channels only, no forwarding, no shell or exec factory.
        sshd.setChannelFactories(List.of(ChannelSessionFactory.INSTANCE));
        sshd.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        sshd.setFileSystemFactory(homes);
        SftpSubsystemFactory sftp = new CustomerSftpSubsystem.Factory(takenFiles);
        sftp.setFileSystemAccessor(new CustomerFileSystemAccessor(store, intake));
        sftp.addSftpEventListener(uploads);
        sshd.setSubsystemFactories(List.of(sftp));
        return sshd;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
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
