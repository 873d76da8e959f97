package org.ftp2sms.aggregator;

import org.apache.kafka.common.TopicPartition;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.Webhook;
import org.ftp2sms.rules.webhook.WebhookAddresses;
import org.ftp2sms.service.KafkaSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A receiver that stops answering holds at most {@link ConnectorWebhookQueue#MAX_QUEUED} of its connector's events. */
class ConnectorWebhookQueueTest {
    @TempDir
    Path dir;

    @Test
    void aStuckReceiversEventsBeyondTheCapAreDeadLetteredAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.behave(n -> {
                release.await();
                return 200;
            });
            Connector connector = new Connector("c", "c", "ACME", null, "hi", null, null,
                    new Webhook(receiver.url(), "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), Instant.now(), Instant.now());
            List<String> deadLettered = new CopyOnWriteArrayList<>();
            Map<String, String> outcomes = new ConcurrentHashMap<>();
            StatusAggregatorSettings settings = new StatusAggregatorSettings(KafkaSettings.of("unused:9092"), dir,
                    dir.resolve("streams"), "unused", LocalTime.of(2, 0), LocalTime.of(5, 0), 30, Duration.ofMinutes(1),
                    "unused", Duration.ofMinutes(5), 1, Duration.ZERO, Duration.ZERO, "test", new WebhookAddresses(true, true));
            ConnectorWebhookQueue queue = new ConnectorWebhookQueue("c", id -> Optional.of(connector),
                    WebhookCall.system(settings.webhookAddresses()), settings, Clock.systemUTC(),
                    (event, url, attempts, lastError) -> deadLettered.add(event.id() + " " + lastError),
                    (event, outcome) -> outcomes.put(event.id(), outcome));
            try {
                int total = ConnectorWebhookQueue.MAX_QUEUED + 5;
                for (int i = 0; i < total; i++) {
                    queue.submit(new WebhookEvent("c", "status", "e-" + i, "{}".getBytes(StandardCharsets.UTF_8),
                            new TopicPartition("t", 0), i));
                }
                // The receiver still holds the first call: the 5 beyond the cap are already finished, as dead letters.
                assertThat(receiver.requests()).isLessThanOrEqualTo(1);
                assertThat(deadLettered).hasSize(5).allSatisfy(d -> assertThat(d).contains("receiver too far behind"));
                assertThat(outcomes).hasSize(5).containsValue("dead-lettered");

                release.countDown();
                await().atMost(Duration.ofSeconds(60)).until(() -> outcomes.size() == total);
                assertThat(outcomes.values().stream().filter("delivered"::equals).count())
                        .isEqualTo(ConnectorWebhookQueue.MAX_QUEUED);
            } finally {
                release.countDown();
                queue.close();
            }
        }
    }
}
