package org.ftp2sms.aggregator;

import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.Webhook;
import org.ftp2sms.rules.webhook.WebhookSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One connector's webhook calls, in the order they were read, on the connector's own thread: a slow or failing
 * receiver holds up only its own connector. Each event is tried up to the attempt budget, waiting the backoff
 * (doubled each time, up to the maximum) between attempts; then it goes to the dead-letter topic. While a receiver
 * stays down after an event used its whole budget, the following events get one attempt each (instead of a whole
 * budget each, which would let a dead receiver fall days behind) until one succeeds again. At most
 * {@link #MAX_QUEUED} events wait per connector: beyond that the receiver is too far behind and new events go to the
 * dead-letter topic at once, so one dead receiver never fills the sender's shared read budget.
 * The webhook (url, secret) is read again at every attempt, so a changed or removed webhook applies at once.
 * Every call is signed ({@link WebhookSignature}); a webhook without a secret is not called.
 */
final class ConnectorWebhookQueue {
    private static final Logger log = LoggerFactory.getLogger(ConnectorWebhookQueue.class);
    static final int MAX_QUEUED = 1000;

    /** Gives up on an event: publishes it to the dead-letter topic, returns once that is acknowledged. */
    interface DeadLetters {
        void publish(WebhookEvent event, String url, int attempts, String lastError) throws InterruptedException;
    }

    private final String connectorId;
    private final Function<String, Optional<Connector>> connectors;
    private final WebhookCall call;
    private final StatusAggregatorSettings settings;
    private final Clock clock;
    private final DeadLetters deadLetters;
    /** Called once per event with its outcome: delivered, dead-lettered or no-webhook. */
    private final BiConsumer<WebhookEvent, String> finished;
    private final ExecutorService thread;
    private final AtomicInteger queued = new AtomicInteger();
    /** Touched on the connector's thread only. */
    private boolean receiverDown;

    ConnectorWebhookQueue(String connectorId, Function<String, Optional<Connector>> connectors, WebhookCall call,
                          StatusAggregatorSettings settings, Clock clock, DeadLetters deadLetters,
                          BiConsumer<WebhookEvent, String> finished) {
        this.connectorId = connectorId;
        this.connectors = connectors;
        this.call = call;
        this.settings = settings;
        this.clock = clock;
        this.deadLetters = deadLetters;
        this.finished = finished;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "webhook-" + connectorId);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Queues the event on the connector's thread; past {@link #MAX_QUEUED} waiting, dead-letters it at once on the
     * caller's thread instead (the connector's thread may be stuck on its receiver), so its offset can be committed.
     */
    void submit(WebhookEvent event) {
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            try {
                giveUp(event, null, 0, "receiver too far behind: " + MAX_QUEUED + " events already waiting");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // stopping: the event is read again after the restart
            }
            return;
        }
        thread.execute(() -> {
            try {
                deliver(event);
            } catch (InterruptedException e) {
                // shutting down: the event stays unfinished, so its offset is not committed and it is read again
                Thread.currentThread().interrupt();
            } finally {
                queued.decrementAndGet();
            }
        });
    }

    private void deliver(WebhookEvent event) throws InterruptedException {
        int budget = receiverDown ? 1 : settings.webhookAttempts();
        Duration backoff = settings.webhookInitialBackoff();
        String lastError = null;
        String url = null;
        for (int attempt = 1; attempt <= budget; attempt++) {
            try {
                Optional<Webhook> webhook = webhook();
                if (webhook.isEmpty()) {
                    finished.accept(event, "no-webhook"); // the webhook was removed: nothing to deliver to
                    return;
                }
                url = webhook.get().url();
                lastError = post(event, webhook.get());
            } catch (RuntimeException e) {
                // Whatever went wrong, it costs this attempt, not the connector's thread or the event.
                lastError = "internal error: " + e;
                log.error("connectorId={} webhook attempt of event {} failed inside the sender", connectorId, event.id(), e);
            }
            if (lastError == null) {
                receiverDown = false;
                finished.accept(event, "delivered");
                return;
            }
            log.warn("connectorId={} webhook {} of event {} failed (attempt {}/{}): {}", connectorId, event.type(),
                    event.id(), attempt, budget, lastError);
            if (attempt < budget) {
                Thread.sleep(backoff.toMillis());
                backoff = min(backoff.multipliedBy(2), settings.webhookMaxBackoff());
            }
        }
        receiverDown = true;
        giveUp(event, url, budget, lastError);
    }

    private void giveUp(WebhookEvent event, String url, int attempts, String lastError) throws InterruptedException {
        deadLetters.publish(event, url, attempts, lastError);
        log.warn("connectorId={} webhook {} of event {} dead-lettered after {} attempts: {}", connectorId, event.type(),
                event.id(), attempts, lastError);
        finished.accept(event, "dead-lettered");
    }

    private Optional<Webhook> webhook() {
        return connectors.apply(connectorId).map(Connector::webhook)
                .filter(w -> w.url() != null && !w.url().isBlank());
    }

    /** Null when the receiver answered 2xx, else why not. */
    private String post(WebhookEvent event, Webhook webhook) {
        if (webhook.secret() == null || webhook.secret().isEmpty()) {
            return "the webhook has no secret: every call is signed (set one, or update the connector to get one)";
        }
        Map<String, String> headers = new LinkedHashMap<>(
                WebhookSignature.headers(event.id(), clock.instant().getEpochSecond(), event.body(), webhook.secret()));
        headers.put("X-Ftp2sms-Event", event.type());
        return call.post(webhook.url(), headers, event.body(), settings.webhookTimeout());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
