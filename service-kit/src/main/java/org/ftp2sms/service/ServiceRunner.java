package org.ftp2sms.service;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * The body of every service's {@code main}: read settings, start the stage, serve /health and /metrics,
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
        Stage stage;
        try {
            stage = stageFactory.apply(registry);
        } catch (SettingsException | UncheckedIOException e) {
            System.err.println("ftp2sms: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        HealthServer health;
        try {
            stage.start();
            health = new HealthServer(env.integer("FTP2SMS_HEALTH_PORT", 8081), List.of(stage), registry).start();
        } catch (RuntimeException e) {
            // One line for the operator; the cause's trace goes to the log, not to the terminal.
            log.error("{} could not start", stage.name(), e);
            System.err.println("ftp2sms: " + stage.name() + " could not start: " + e.getMessage());
            stage.close();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping {}", stage.name());
            health.close();
            stage.close();
            stopped.countDown();
        }, "shutdown"));
        log.info("{} started; /health and /metrics on port {}", stage.name(), health.port());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
