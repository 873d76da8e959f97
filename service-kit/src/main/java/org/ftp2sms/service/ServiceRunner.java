package org.ftp2sms.service;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * The body of every service's {@code main}: read settings, serve the probes and /metrics, start the stage,
 * and stop cleanly on SIGTERM. A settings error ends the process with a one-line message, not a stack trace.
 */
public final class ServiceRunner {
    private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);

    private ServiceRunner() {
    }

    public static void run(Env env, Function<PrometheusMeterRegistry, Stage> stageFactory) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Parts without a registry of their own (the live views' unreadable-record counts) record globally.
        Metrics.addRegistry(registry);
        ProcessMeters.bindTo(registry);
        KafkaClientMeters.bindTo(registry);
        Stage stage;
        try {
            stage = stageFactory.apply(registry);
        } catch (SettingsException | UncheckedIOException e) {
            System.err.println("ftp2sms: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        KafkaReachability kafka;
        HealthServer health;
        try {
            kafka = new KafkaReachability(KafkaSettings.fromEnv(env), KafkaSettings.clientId(stage.name() + "-health", env.instanceId()),
                    Clock.systemUTC());
            // Probes answer while the stage starts: /livez at once, /startupz and /readyz once it has started.
            health = new HealthServer(env.integer("FTP2SMS_HEALTH_PORT", 8081), List.of(stage), List.of(kafka), registry).start();
        } catch (RuntimeException e) {
            System.err.println("ftp2sms: " + stage.name() + " could not start: " + e.getMessage());
            stage.close();
            System.exit(1);
            return;
        }
        try {
            stage.start();
            health.markStarted();
        } catch (RuntimeException e) {
            // One line for the operator; the cause's trace goes to the log, not to the terminal.
            log.error("{} could not start", stage.name(), e);
            System.err.println("ftp2sms: " + stage.name() + " could not start: " + e.getMessage());
            health.close();
            kafka.close();
            stage.close();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping {}", stage.name());
            health.close();
            kafka.close();
            stage.close();
            stopped.countDown();
        }, "shutdown"));
        log.info("{} started; /livez, /readyz and /metrics on port {}", stage.name(), health.port());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
