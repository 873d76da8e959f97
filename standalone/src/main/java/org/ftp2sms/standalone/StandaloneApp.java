package org.ftp2sms.standalone;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.ftp2sms.admin.AdminSettings;
import org.ftp2sms.admin.ConnectorAdminStage;
import org.ftp2sms.aggregator.StatusAggregatorSettings;
import org.ftp2sms.aggregator.StatusAggregatorStage;
import org.ftp2sms.dedupe.DedupeSettings;
import org.ftp2sms.dedupe.DedupeStage;
import org.ftp2sms.dispatcher.DispatcherSettings;
import org.ftp2sms.dispatcher.DispatcherStage;
import org.ftp2sms.embedded.EmbeddedKafkaBroker;
import org.ftp2sms.gateway.FtpGatewayStage;
import org.ftp2sms.gateway.GatewaySettings;
import org.ftp2sms.renderer.RendererSettings;
import org.ftp2sms.renderer.RendererStage;
import org.ftp2sms.service.Env;
import org.ftp2sms.service.HealthServer;
import org.ftp2sms.service.KafkaClientMeters;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.service.ProcessMeters;
import org.ftp2sms.service.SettingsException;
import org.ftp2sms.service.Stage;
import org.ftp2sms.service.TopicProvisioner;
import org.ftp2sms.smsc.SmscSimulator;
import org.ftp2sms.smsc.SmscSimulatorSettings;
import org.ftp2sms.splitter.RowSplitterSettings;
import org.ftp2sms.splitter.RowSplitterStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every stage in one JVM, each built from its own settings record exactly as its own {@code main} would build it:
 * the standalone flags are turned into the same {@code FTP2SMS_*} variables the services read. Unless told
 * otherwise it runs an embedded KRaft broker (data under the data dir, resumed on the next start) and the SMSC
 * simulator.
 */
public final class StandaloneApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StandaloneApp.class);
    /**
     * Partitions of the topics standalone creates ({@code FTP2SMS_PARTITIONS}): one instance of each stage reads them
     * all, so more only spread the same records over more, smaller batches (docs/benchmarks.md: 6 cost 20 % more CPU).
     */
    public static final int DEFAULT_PARTITIONS = 3;

    private final Map<String, String> vars;
    private final Path dataDir;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> started = new ArrayList<>();
    private EmbeddedKafkaBroker broker;
    private SmscSimulator simulator;
    private FtpGatewayStage gateway;
    private ConnectorAdminStage admin;
    private List<Stage> stages = List.of();
    private String bootstrapServers;
    private String adminToken;
    private boolean adminTokenFromEnv;
    private String smscAddress;
    private HealthServer health;

    /** @param vars {@code FTP2SMS_*} settings (the process environment, overridden by command-line flags) */
    public StandaloneApp(Map<String, String> vars) {
        this.vars = new HashMap<>(vars);
        this.dataDir = Path.of(this.vars.getOrDefault("FTP2SMS_DATA_DIR", "./ftp2sms-data")).toAbsolutePath().normalize();
        this.vars.put("FTP2SMS_DATA_DIR", dataDir.toString());
        this.vars.putIfAbsent("FTP2SMS_INSTANCE_ID", "standalone");
        // One machine's admin API is for its own operator: loopback unless asked otherwise (--admin-bind).
        this.vars.putIfAbsent("FTP2SMS_HTTP_BIND", "127.0.0.1");
    }

    public synchronized StandaloneApp start() {
        // Parts without a registry of their own (the live views' unreadable-record counts) record globally.
        Metrics.addRegistry(registry);
        try {
            // The same meters as a service on its own: JVM and process, and every Kafka client's (closed last).
            track(ProcessMeters.bindTo(registry));
            KafkaClientMeters.bindTo(registry);
            track(() -> KafkaClientMeters.bindTo(null));
            ownerOnlyDirectory(dataDir);
            Env env = new Env(vars);
            startKafka(env);
            startSmsc(env);
            adminToken = adminToken(env);
            if (adminToken.length() < AdminSettings.MIN_TOKEN_CHARS) {
                // Before anything starts: a guessable token is refused, not discovered after a minute of start-up.
                throw new SettingsException("FTP2SMS_ADMIN_TOKEN must have at least " + AdminSettings.MIN_TOKEN_CHARS
                        + " characters");
            }
            vars.put("FTP2SMS_ADMIN_TOKEN", adminToken);

            gateway = track(new FtpGatewayStage(GatewaySettings.fromEnv(new Env(vars)), registry));
            gateway.start();
            // What customers are told, unless a NAT or load balancer in front says otherwise.
            vars.putIfAbsent("FTP2SMS_PUBLIC_SFTP_PORT", String.valueOf(gateway.sftpPort()));
            vars.putIfAbsent("FTP2SMS_PUBLIC_FTPS_PORT", String.valueOf(gateway.ftpsPort()));
            Env wired = new Env(vars);
            List<Stage> pipeline = List.of(
                    new RowSplitterStage(RowSplitterSettings.fromEnv(wired), registry),
                    new DedupeStage(DedupeSettings.fromEnv(wired), registry),
                    new RendererStage(RendererSettings.fromEnv(wired), registry),
                    new DispatcherStage(DispatcherSettings.fromEnv(wired), registry),
                    new StatusAggregatorStage(StatusAggregatorSettings.fromEnv(wired), registry));
            admin = new ConnectorAdminStage(AdminSettings.fromEnv(wired), registry);
            List<Stage> together = new ArrayList<>(pipeline);
            together.add(admin);
            startTogether(together);
            List<Stage> all = new ArrayList<>(pipeline);
            all.add(0, gateway);
            all.add(admin);
            stages = Collections.unmodifiableList(all);
            health = track(new HealthServer(wired.integer("FTP2SMS_HEALTH_PORT", 8081), stages, registry)).start();
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startKafka(Env env) {
        bootstrapServers = env.string("FTP2SMS_KAFKA_BOOTSTRAP", null);
        int partitions = env.integer("FTP2SMS_PARTITIONS", DEFAULT_PARTITIONS);
        if (bootstrapServers == null) {
            broker = track(new EmbeddedKafkaBroker(dataDir.resolve("kafka"), env.integer("FTP2SMS_KAFKA_PORT", 9092),
                    Map.of("num.partitions", String.valueOf(partitions))));
            broker.start();
            bootstrapServers = broker.bootstrapServers();
            vars.put("FTP2SMS_KAFKA_BOOTSTRAP", bootstrapServers);
        }
        short replication = (short) env.integer("FTP2SMS_REPLICATION_FACTOR", 1);
        TopicProvisioner.ensureTopics(KafkaSettings.fromEnv(new Env(vars)), partitions, replication, Duration.ofSeconds(60));
    }

    private void startSmsc(Env env) {
        String host = env.string("FTP2SMS_SMSC_HOST", null);
        if (host != null) {
            smscAddress = host + ":" + env.integer("FTP2SMS_SMSC_PORT", 2775);
            return;
        }
        String systemId = env.string("FTP2SMS_SMSC_SYSTEM_ID", "ftp2sms");
        // SMPP 3.4 passwords have at most 8 characters.
        String password = env.string("FTP2SMS_SMSC_PASSWORD", randomHex(4));
        Map<String, String> simVars = new HashMap<>(vars);
        simVars.put("FTP2SMS_SMSC_SIM_PORT", vars.getOrDefault("FTP2SMS_SMSC_SIM_PORT", "0"));
        simVars.put("FTP2SMS_SMSC_SIM_SYSTEM_ID", systemId);
        simVars.put("FTP2SMS_SMSC_SIM_PASSWORD", password);
        simulator = track(new SmscSimulator(SmscSimulatorSettings.fromEnv(new Env(simVars)), registry));
        simulator.start();
        vars.put("FTP2SMS_SMSC_HOST", "localhost");
        vars.put("FTP2SMS_SMSC_PORT", String.valueOf(simulator.port()));
        vars.put("FTP2SMS_SMSC_SYSTEM_ID", systemId);
        vars.put("FTP2SMS_SMSC_PASSWORD", password);
        smscAddress = "localhost:" + simulator.port() + " (simulator)";
    }

    /**
     * The data dir, created (or narrowed) to {@code 0700}: uploads, stored files, exports, keys, Streams state and
     * Kafka logs all live under it, so nobody but the service's user reaches any of them, whatever mode a library
     * creates its files with. The launcher also sets {@code umask 077} so that files are {@code 0600} themselves.
     */
    private static void ownerOnlyDirectory(Path dir) throws IOException {
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rwx------");
        if (!Files.exists(dir)) {
            Files.createDirectories(dir.getParent() == null ? dir : dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(ownerOnly));
        }
        Files.setPosixFilePermissions(dir, ownerOnly);
    }

    /** {@code FTP2SMS_ADMIN_TOKEN}, else the token generated on first start into {@code <data-dir>/admin-token}. */
    private String adminToken(Env env) throws IOException {
        String token = env.string("FTP2SMS_ADMIN_TOKEN", null);
        if (token != null) {
            adminTokenFromEnv = true;
            return token;
        }
        Path file = dataDir.resolve("admin-token");
        if (Files.exists(file)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return Files.readString(file).trim();
        }
        token = randomHex(24);
        // Created owner-only, so the token is never readable by others, not even for a moment.
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, token + "\n");
        return token;
    }

    /** One line saying where everything is; never a secret. */
    public String readyLine() {
        String adminHost = vars.get("FTP2SMS_HTTP_BIND");
        return "ftp2sms ready: sftp=localhost:" + gateway.sftpPort()
                + " ftps=localhost:" + gateway.ftpsPort()
                + " admin=http://" + ("127.0.0.1".equals(adminHost) ? "localhost" : adminHost) + ":" + admin.httpPort() + "/api/v1"
                + " console=http://" + ("127.0.0.1".equals(adminHost) ? "localhost" : adminHost) + ":" + admin.httpPort() + "/"
                + " metrics=http://localhost:" + health.port() + "/metrics"
                + " kafka=" + bootstrapServers
                + " smsc=" + smscAddress
                + " data=" + dataDir;
    }

    public boolean isHealthy() {
        return !stages.isEmpty() && stages.stream().allMatch(Stage::isHealthy);
    }

    public int sftpPort() {
        return gateway.sftpPort();
    }

    public int ftpsPort() {
        return gateway.ftpsPort();
    }

    public int httpPort() {
        return admin.httpPort();
    }

    /** Port of {@code /health} and {@code /metrics} of the whole app. */
    public int healthPort() {
        return health.port();
    }

    public String adminToken() {
        return adminToken;
    }

    /** Where the admin token is: its file (owner-only), or the variable it came from; never the token itself. */
    public String adminTokenLine() {
        return "admin token: " + (adminTokenFromEnv ? "from FTP2SMS_ADMIN_TOKEN" : "in " + adminTokenFile()
                + " (readable by this user only)");
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The data dir: customer homes, the store, Kafka's logs, the admin token. */
    public Path dataDir() {
        return dataDir;
    }

    public Path adminTokenFile() {
        return dataDir.resolve("admin-token");
    }

    /** The embedded simulator, or null when a real SMSC was given. */
    public SmscSimulator simulator() {
        return simulator;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public synchronized void close() {
        Metrics.removeRegistry(registry);
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                log.warn("stopping {} failed: {}", started.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        started.clear();
    }

    /**
     * Starts the stages at the same time: they meet only through topics that exist already, and each start mostly
     * waits (a Streams application for its first assignment, a journal read, a bind), so one after the other took
     * the sum of those waits. Every start is waited for; a failure is thrown once all have ended, and {@link #close}
     * then closes every one of them, in the reverse of the given order, as after a failed start one by one.
     */
    private void startTogether(List<Stage> stages) {
        stages.forEach(this::track);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService starter = Executors.newFixedThreadPool(
                stages.size(), r -> new Thread(r, "stage-start-" + threads.incrementAndGet()));
        try {
            List<Future<?>> starts = stages.stream()
                    .<Future<?>>map(stage -> starter.submit(stage::start))
                    .toList();
            RuntimeException failed = null;
            for (Future<?> start : starts) {
                try {
                    start.get();
                } catch (ExecutionException e) {
                    RuntimeException cause =
                            e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    if (failed == null) {
                        failed = cause;
                    } else {
                        failed.addSuppressed(cause);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the stages started", e);
                }
            }
            if (failed != null) {
                throw failed;
            }
        } finally {
            starter.shutdown();
        }
    }

    private <T extends AutoCloseable> T track(T component) {
        started.add(component);
        return component;
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
