package org.ftp2sms.service;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class HealthServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicBoolean stageHealthy = new AtomicBoolean(true);
    private final AtomicBoolean kafkaReachable = new AtomicBoolean(true);
    private final CountDownLatch workerEnds = new CountDownLatch(1);
    private final Thread worker = new Thread(
            () -> {
                try {
                    workerEnds.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            },
            "test-worker");
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private HealthServer server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
        workerEnds.countDown();
        worker.join();
    }

    @Test
    void whileTheStageStartsOnlyLivezAnswers200() throws Exception {
        server = starting();

        assertThat(get("/livez").statusCode()).isEqualTo(200);
        assertThat(get("/startupz").statusCode()).isEqualTo(503);
        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("starting");

        server.markStarted();
        assertThat(get("/startupz").statusCode()).isEqualTo(200);
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
        assertThat(get("/health").statusCode()).as("the old path is readiness").isEqualTo(200);
    }

    @Test
    void anUnhealthyStageOrUnreachableKafkaMakesItUnreadyButStillLive() throws Exception {
        server = starting();
        server.markStarted();

        stageHealthy.set(false);
        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).isEqualTo("DOWN: test-stage\n");
        assertThat(get("/health").statusCode()).isEqualTo(503);
        assertThat(get("/livez").statusCode()).as("an outage elsewhere never restarts the pod").isEqualTo(200);
        assertThat(get("/startupz").statusCode()).isEqualTo(200);

        stageHealthy.set(true);
        kafkaReachable.set(false);
        ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).isEqualTo("DOWN: kafka\n");
        assertThat(get("/livez").statusCode()).isEqualTo(200);

        kafkaReachable.set(true);
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
    }

    @Test
    void aDeadWorkerFailsLivezAndOnlyThat() throws Exception {
        worker.start();
        server = starting();
        server.markStarted();
        assertThat(get("/livez").statusCode()).isEqualTo(200);

        workerEnds.countDown();
        worker.join();
        HttpResponse<String> live = get("/livez");
        assertThat(live.statusCode())
                .as("nothing but a restart brings the worker back")
                .isEqualTo(503);
        assertThat(live.body()).isEqualTo("DEAD: test-stage\n");
        // Readiness keeps its own rules: here the (fake) stage still says it is healthy.
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
        assertThat(get("/startupz").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsIncludeTheJvmAndProcessMeters() throws Exception {
        ProcessMeters.bindTo(registry);
        server = starting();

        String metrics = get("/metrics").body();
        assertThat(metrics).contains("jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads",
                "process_cpu_usage", "process_uptime_seconds", "logback_events_total");
    }

    private HealthServer starting() {
        Stage stage = new Stage() {
            public String name() {
                return "test-stage";
            }

            public void start() {
            }

            public boolean isHealthy() {
                return stageHealthy.get();
            }

            public boolean isAlive() {
                return worker.getState() == Thread.State.NEW || worker.isAlive();
            }

            public void close() {
            }
        };
        ReadinessCheck kafka = new ReadinessCheck() {
            public String name() {
                return "kafka";
            }

            public boolean isReady() {
                return kafkaReachable.get();
            }
        };
        return new HealthServer(0, List.of(stage), List.of(kafka), registry).start();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
