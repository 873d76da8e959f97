package org.ftp2sms.aggregator;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.Webhook;
import org.ftp2sms.contract.json.Json;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.rules.webhook.WebhookAddresses;
import org.ftp2sms.service.worker.KafkaClients;
import org.ftp2sms.service.worker.Supervision;
import org.ftp2sms.testkit.GatedPause;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The webhook poller on the real broker meets a failure of its handler once: unhealthy, then back, nothing lost. */
@ExtendWith(KafkaBrokerExtension.class)
class WebhookSenderRecoveryTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aHandlerThatThrowsOnceMakesThePollerUnhealthyUntilItRecoversAndEveryEventIsPostedOnce(TestKafka kafka)
            throws Exception {
        String connectorId = TestKafka.unique("recovering");
        GatedPause pause = GatedPause.closed();
        AtomicBoolean thrown = new AtomicBoolean();
        Supervision throwOnce = Supervision.DEFAULT.withPause(pause).withHook(record -> {
            if (record.key().equals(connectorId + "-m-1") && thrown.compareAndSet(false, true)) {
                throw new IllegalStateException("injected once");
            }
        });
        StatusAggregatorSettings settings = new StatusAggregatorSettings(
                kafka.settings(),
                dir,
                dir.resolve("streams"),
                TestKafka.unique("agg"),
                LocalTime.of(2, 0),
                LocalTime.of(5, 0),
                30,
                Duration.ofMinutes(1),
                TestKafka.unique("webhooks"),
                Duration.ofSeconds(10),
                3,
                Duration.ofMillis(20),
                Duration.ofMillis(200),
                TestKafka.unique("instance"),
                new WebhookAddresses(true, true));
        try (WebhookReceiver receiver = new WebhookReceiver();
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                        kafka.settings().producer("recovery-test"),
                        new StringSerializer(),
                        new ByteArraySerializer())) {
            Connector connector = new Connector(
                    connectorId,
                    connectorId,
                    "ACME",
                    null,
                    "hi",
                    null,
                    null,
                    new Webhook(receiver.url(), "k"),
                    Instant.now(),
                    Instant.now());
            try (WebhookSender sender = new WebhookSender(
                    settings,
                    id -> id.equals(connectorId) ? Optional.of(connector) : Optional.empty(),
                    Clock.systemUTC(),
                    new SimpleMeterRegistry(),
                    WebhookCall.system(new WebhookAddresses(true, true)),
                    KafkaClients.REAL,
                    throwOnce)) {
                sender.start();
                for (String messageId : List.of(connectorId + "-m-1", connectorId + "-m-2")) {
                    Status status = Status.of(
                            messageId,
                            "f",
                            connectorId,
                            "32476000001",
                            StatusCode.DELIVERED,
                            null,
                            null,
                            Instant.now());
                    producer.send(new ProducerRecord<>(
                                    Topics.STATUSES,
                                    messageId,
                                    JsonSerde.of(Status.class).serializer().serialize(Topics.STATUSES, status)))
                            .get();
                }

                await().atMost(WAIT).until(pause::isHolding);
                assertThat(sender.isHealthy()).as("recovering: not ready").isFalse();
                assertThat(sender.isAlive()).as("restarting itself: alive").isTrue();

                pause.release();
                await().atMost(WAIT).until(() -> receiver.accepted().size() >= 2 && sender.isHealthy());
                // Maybe on two partitions (any order); m-2, in flight at the restart, is not sent again.
                assertThat(receiver.accepted())
                        .extracting(c -> messageId(c.body()))
                        .containsExactlyInAnyOrder(connectorId + "-m-1", connectorId + "-m-2");
            }
        }
    }

    private static String messageId(byte[] body) throws Exception {
        return Json.mapper().readTree(body).get("status").get("messageId").asText();
    }
}
