package org.ftp2sms.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * The probes and Prometheus {@code GET /metrics} of one process, on {@code FTP2SMS_HEALTH_PORT}:
 * <ul>
 *   <li>{@code /livez}: 200 while the process answers and no stage's worker thread died ({@link Stage#isAlive()}).
 *       No external dependency, so a Kafka or SMSC outage never makes Kubernetes restart a pod that would only
 *       find the same outage again; a dead worker does, as nothing else brings it back.</li>
 *   <li>{@code /startupz}: 200 once every stage's {@code start()} returned (Kafka Streams: state restored and
 *       RUNNING), however long that took; the startup probe uses it.</li>
 *   <li>{@code /readyz}: 200 when started, every stage is healthy (servers listening, threads alive, SMPP bind up
 *       for the dispatcher) and every extra {@link ReadinessCheck} passes (Kafka reachable); the body names what
 *       is not. {@code /health} is the same answer, for the clients written before the split.</li>
 * </ul>
 */
public final class HealthServer implements AutoCloseable {
    private final HttpServer server;
    private final List<? extends Stage> stages;
    private final List<ReadinessCheck> checks;
    private volatile boolean started;

    /** For stages that are already started. */
    public HealthServer(int port, List<? extends Stage> stages, PrometheusMeterRegistry registry) {
        this(port, stages, List.of(), registry);
        started = true;
    }

    /** For a process that answers {@code /livez} while its stages start; call {@link #markStarted()} after. */
    public HealthServer(int port, List<? extends Stage> stages, List<ReadinessCheck> checks, PrometheusMeterRegistry registry) {
        this.stages = stages;
        this.checks = List.copyOf(checks);
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for /livez and /readyz on port " + port, e);
        }
        // Two threads: a probe waiting on a slow readiness check never holds up /livez or /metrics.
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "health-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/livez", this::liveness);
        server.createContext("/startupz", exchange ->
                respond(exchange, started ? 200 : 503, "text/plain", started ? "STARTED\n" : "STARTING\n"));
        server.createContext("/readyz", this::readiness);
        server.createContext("/health", this::readiness);
        server.createContext("/metrics", exchange ->
                respond(exchange, 200, "text/plain; version=0.0.4", registry.scrape()));
    }

    public HealthServer start() {
        server.start();
        return this;
    }

    /** Every stage has started: {@code /startupz} answers 200 from now on and {@code /readyz} may. */
    public void markStarted() {
        started = true;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** What keeps the process from being ready, empty when it is. */
    public List<String> notReady() {
        List<String> down = new ArrayList<>();
        if (!started) {
            // A stage's health is only meaningful once its start() returned.
            return List.of("starting");
        }
        for (Stage stage : stages) {
            if (!stage.isHealthy()) {
                down.add(stage.name());
            }
        }
        for (ReadinessCheck check : checks) {
            if (!check.isReady()) {
                down.add(check.name());
            }
        }
        return down;
    }

    /** The stages whose worker died, empty while the process is alive. */
    public List<String> dead() {
        List<String> dead = new ArrayList<>();
        for (Stage stage : stages) {
            if (!stage.isAlive()) {
                dead.add(stage.name());
            }
        }
        return dead;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void liveness(HttpExchange exchange) throws IOException {
        List<String> dead = dead();
        respond(
                exchange,
                dead.isEmpty() ? 200 : 503,
                "text/plain",
                dead.isEmpty() ? "UP\n" : "DEAD: " + String.join(", ", dead) + "\n");
    }

    private void readiness(HttpExchange exchange) throws IOException {
        List<String> down = notReady();
        respond(exchange, down.isEmpty() ? 200 : 503, "text/plain", down.isEmpty() ? "UP\n" : "DOWN: " + String.join(", ", down) + "\n");
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
