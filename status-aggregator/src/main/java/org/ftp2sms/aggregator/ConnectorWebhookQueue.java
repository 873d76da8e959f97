package org.ftp2sms.aggregator;

import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.Webhook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One connector's webhook calls, in the order they were read, on the connector's own thread: a slow or failing
 * receiver holds up only its own connector. Each event is tried up to the attempt budget, waiting the backoff
 * (doubled each time, up to the maximum) between attempts; then it goes to the dead-letter topic. While a receiver
 * stays down after an event used its whole budget, the following events get one attempt each (instead of a whole
 * budget each, which would let a dead receiver fall days behind) until one succeeds again.
 * The webhook (url, secret) is read again at every attempt, so a changed or removed webhook applies at once.
 */
final class ConnectorWebhookQueue {
    private static final Logger log = LoggerFactory.getLogger(ConnectorWebhookQueue.class);

    /** Gives up on an event: publishes it to the dead-letter topic, returns once that is acknowledged. */
    interface DeadLetters {
        void publish(WebhookEvent event, String url, int attempts, String lastError) throws InterruptedException;
    }

    private final String connectorId;
    private final Function<String, Optional<Connector>> connectors;
    private final HttpClient http;
    private final StatusAggregatorSettings settings;
    private final DeadLetters deadLetters;
    /** Called once per event with its outcome: delivered, dead-lettered or no-webhook. */
    private final BiConsumer<WebhookEvent, String> finished;
    private final ExecutorService thread;
    /** Touched on the connector's thread only. */
    private boolean receiverDown;

    ConnectorWebhookQueue(String connectorId, Function<String, Optional<Connector>> connectors, HttpClient http,
                          StatusAggregatorSettings settings, DeadLetters deadLetters, BiConsumer<WebhookEvent, String> finished) {
        this.connectorId = connectorId;
        this.connectors = connectors;
        this.http = http;
        this.settings = settings;
        this.deadLetters = deadLetters;
        this.finished = finished;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "webhook-" + connectorId);
            t.setDaemon(true);
            return t;
        });
    }

    void submit(WebhookEvent event) {
        thread.execute(() -> deliver(event));
    }

    private void deliver(WebhookEvent event) {
        try {
            int budget = receiverDown ? 1 : settings.webhookAttempts();
            Duration backoff = settings.webhookInitialBackoff();
            String lastError = null;
            String url = null;
            for (int attempt = 1; attempt <= budget; attempt++) {
                Optional<Webhook> webhook = webhook();
                if (webhook.isEmpty()) {
                    finished.accept(event, "no-webhook"); // the webhook was removed: nothing to deliver to
                    return;
                }
                url = webhook.get().url();
                lastError = post(event, webhook.get());
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
            deadLetters.publish(event, url, budget, lastError);
            log.warn("connectorId={} webhook {} of event {} dead-lettered after {} attempts", connectorId, event.type(), event.id(), budget);
            finished.accept(event, "dead-lettered");
        } catch (InterruptedException e) {
            // shutting down: the event stays unfinished, so its offset is not committed and it is read again
            Thread.currentThread().interrupt();
        }
    }

    private Optional<Webhook> webhook() {
        return connectors.apply(connectorId).map(Connector::webhook)
                .filter(w -> w.url() != null && !w.url().isBlank());
    }

    /** Null when the receiver answered 2xx, else why not. */
    private String post(WebhookEvent event, Webhook webhook) throws InterruptedException {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(webhook.url()))
                    .timeout(settings.webhookTimeout())
                    .header("Content-Type", "application/json")
                    .header("X-Ftp2sms-Event", event.type())
                    .header("X-Ftp2sms-Event-Id", event.id())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(event.body()));
            if (webhook.secret() != null && !webhook.secret().isEmpty()) {
                request.header(WebhookSignature.HEADER, WebhookSignature.of(event.body(), webhook.secret()));
            }
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2 ? null : "HTTP " + response.statusCode();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
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
