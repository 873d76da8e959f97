package org.ftp2sms.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A single-node Kafka broker (combined KRaft broker and controller) running inside this JVM.
 *
 * <p>The log directory is formatted on first start only, so a second start on the same directory
 * resumes with every topic and offset as it was. Port 0 means "pick a free port"; since a free port can
 * be taken by someone else before the broker binds it, start-up then retries with other ports.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int BIND_ATTEMPTS = 5;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path logDir;
    private final int requestedPort;
    private final Map<String, String> overrides;
    private KafkaRaftServer server;
    private int port;

    /**
     * @param logDir    where the broker keeps its data; created and formatted on first start
     * @param port      the client port, 0 for any free port
     * @param overrides broker properties that replace the defaults (e.g. {@code num.partitions})
     */
    public EmbeddedKafkaBroker(Path logDir, int port, Map<String, String> overrides) {
        this.logDir = logDir;
        this.requestedPort = port;
        this.overrides = Map.copyOf(overrides);
    }

    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            return this;
        }
        long started = System.nanoTime();
        RuntimeException last = null;
        for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
            int brokerPort = requestedPort == 0 ? freePort() : requestedPort;
            int controllerPort = freePort();
            Properties props = brokerProperties(brokerPort, controllerPort);
            KafkaRaftServer candidate = null;
            try {
                formatOnce(props);
                candidate = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
                candidate.startup();
                server = candidate;
                port = brokerPort;
                break;
            } catch (RuntimeException e) {
                last = e;
                if (candidate != null) {
                    // A half-started broker holds threads and the log dir's lock: release them before retrying.
                    candidate.shutdown();
                    candidate.awaitShutdown();
                }
                // The controller port is always picked here, so a bind race can hit a fixed broker port too.
                if (!causedByBindFailure(e)) {
                    throw e;
                }
                log.warn("embedded Kafka could not bind port {} or {} (attempt {}): {}", brokerPort, controllerPort,
                        attempt, e.toString());
            }
        }
        if (server == null) {
            throw new IllegalStateException("embedded Kafka could not start in " + logDir, last);
        }
        awaitReady();
        log.info("embedded Kafka ready at {} in {} ms (data in {})", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), logDir);
        return this;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public Path logDir() {
        return logDir;
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    private Properties brokerProperties(int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        // A producer that died mid-transaction holds read_committed readers of its partitions until the broker
        // aborts it; the broker looks for timed-out transactions every 10 s by default, every second here.
        p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // The log cleaner (compacted topics) allocates its offset map on the heap at start: 128 MB by default, a
        // quarter of standalone's whole budget. 16 MB holds ~700 000 keys per pass, far more than one broker's
        // compacted topics here change between passes.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        p.putAll(overrides);
        return p;
    }

    private void formatOnce(Properties props) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(logDir);
            Path config = Files.createTempFile("ftp2sms-kraft", ".properties");
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "embedded KRaft broker");
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
                    config.toString()}, new PrintStream(output, true, StandardCharsets.UTF_8));
            Files.deleteIfExists(config);
            if (rc != 0) {
                throw new IllegalStateException("formatting " + logDir + " failed: " + output.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(props)) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("embedded Kafka not ready after " + READY_TIMEOUT, e);
                    }
                }
            }
        }
    }

    private static boolean causedByBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException
                    || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
