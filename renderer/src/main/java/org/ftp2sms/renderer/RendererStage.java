package org.ftp2sms.renderer;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.errors.WakeupException;
import org.ftp2sms.service.ConnectorDirectory;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.service.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Renders {@code ftp2sms.rows-unique} into {@code ftp2sms.messages} (keyed connectorId:phone) or refusal statuses
 * on {@code ftp2sms.statuses} (keyed by message id), exactly once, on one worker thread. A bad row becomes a status
 * or a log line; fatal client errors make the worker close its clients and create new ones.
 */
public final class RendererStage implements Stage {
    private static final Logger log = LoggerFactory.getLogger(RendererStage.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RESTART_PAUSE = Duration.ofSeconds(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final RendererSettings settings;
    private final RendererMetrics metrics;
    private final BatchLimits limits;
    private final RowRenderer renderer = new RowRenderer(Clock.systemUTC());
    private final CountDownLatch ready = new CountDownLatch(1);
    private ConnectorDirectory connectors;
    private Thread worker;
    private volatile RenderLoop loop;
    private volatile boolean running;
    private volatile boolean clientsUp;
    private volatile boolean closed;

    public RendererStage(RendererSettings settings, MeterRegistry registry) {
        this(settings, registry, BatchLimits.DEFAULTS);
    }

    RendererStage(RendererSettings settings, MeterRegistry registry, BatchLimits limits) {
        this.settings = settings;
        this.metrics = new RendererMetrics(registry);
        this.limits = limits;
    }

    @Override
    public String name() {
        return "renderer";
    }

    @Override
    public synchronized void start() {
        if (worker != null || closed) {
            throw new IllegalStateException(name() + " already started or closed");
        }
        connectors = new ConnectorDirectory(settings.kafka(), KafkaSettings.clientId("renderer-connectors", settings.instanceId())).start();
        running = true;
        worker = new Thread(this::work, "renderer");
        worker.start();
        try {
            if (!ready.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new IllegalStateException("renderer clients not ready after " + START_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while starting the renderer", e);
        }
        log.info("renderer started: instanceId={} transactionalId={} groupId={}",
                settings.instanceId(), settings.transactionalId(), settings.groupId());
    }

    @Override
    public boolean isHealthy() {
        return running && clientsUp && worker != null && worker.isAlive() && connectors.isHealthy();
    }

    @Override
    public boolean isAlive() {
        Thread current = worker;
        return current == null || closed || current.isAlive();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        RenderLoop current = loop;
        if (current != null) {
            current.wakeup();
        }
        if (worker != null) {
            try {
                worker.join(CLOSE_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (worker.isAlive()) {
                log.warn("renderer worker did not stop within {}", CLOSE_TIMEOUT);
            }
        }
        if (connectors != null) {
            connectors.close();
        }
    }

    private void work() {
        while (running) {
            RenderLoop current = null;
            try {
                current = new RenderLoop(settings, connectors, renderer, metrics, limits);
                loop = current;
                current.open();
                clientsUp = true;
                ready.countDown();
                while (running) {
                    current.pollOnce();
                }
            } catch (WakeupException e) {
                if (running) {
                    log.warn("renderer woken up while running; recreating its clients");
                }
            } catch (RuntimeException e) {
                if (running) {
                    log.error("renderer clients failed, recreating them: {}", e.toString(), e);
                    metrics.clientRestart();
                }
            } finally {
                clientsUp = false;
                loop = null;
                if (current != null) {
                    closeQuietly(current);
                }
            }
            if (running) {
                pause();
            }
        }
    }

    private static void closeQuietly(RenderLoop current) {
        try {
            current.close();
        } catch (RuntimeException e) {
            log.warn("closing the renderer clients failed: {}", e.toString());
        }
    }

    private void pause() {
        try {
            Thread.sleep(RESTART_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
