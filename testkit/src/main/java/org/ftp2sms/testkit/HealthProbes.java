package org.ftp2sms.testkit;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.ftp2sms.service.HealthServer;
import org.ftp2sms.service.Stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A real {@link HealthServer} on a free port around started stages, read over HTTP as Kubernetes' probes read it;
 * and the way a test ends a stage's worker thread as a crash would: an interrupt, which every plain-client loop
 * treats as the end of its thread.
 */
public final class HealthProbes implements AutoCloseable {
    private final HttpClient http = HttpClient.newHttpClient();
    private final HealthServer server;

    public HealthProbes(Stage... stages) {
        this.server =
                new HealthServer(0, List.of(stages), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).start();
    }

    /** {@code GET path}: the status and body, e.g. {@code 503 DEAD: renderer}. */
    public String get(String path) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body().trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The threads alive now; take it before starting a stage to tell its threads from other tests'. */
    public static Set<Thread> liveThreads() {
        return Set.copyOf(Thread.getAllStackTraces().keySet());
    }

    /**
     * The names of the threads started since {@code before} ({@link #liveThreads}) and still alive that {@code named}
     * accepts: what a failed start or a close must not leave behind.
     */
    public static List<String> newThreadsAlive(Set<Thread> before, Predicate<String> named) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                .map(Thread::getName)
                .filter(named)
                .toList();
    }

    /** Interrupts the one thread named {@code name} started since {@code before}; fails if there is not exactly one. */
    public static Thread interruptNewThread(String name, Set<Thread> before) {
        List<Thread> found = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name) && !before.contains(t))
                .toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one new thread named " + name + ", found " + found.size());
        }
        found.get(0).interrupt();
        return found.get(0);
    }

    @Override
    public void close() {
        server.close();
    }
}
