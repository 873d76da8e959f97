package org.ftp2sms.aggregator;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.Webhook;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.rules.webhook.WebhookAddresses;
import org.ftp2sms.service.DeadLetters;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.service.worker.Supervision;
import org.ftp2sms.testkit.GatedPause;
import org.ftp2sms.testkit.MockKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The webhook sender's logic on {@link MockKafka}: statuses in, calls to a local receiver and dead letters out. */
class WebhookSenderUnitTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CONNECTOR = "c-1";

    @TempDir
    Path dir;

    private final MockKafka kafka = new MockKafka();
    private final GatedPause pause = GatedPause.open();
    private WebhookReceiver receiver;
    private WebhookSender sender;

    @AfterEach
    void close() {
        if (sender != null) {
            sender.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    private void start(Function<String, Optional<Connector>> connectors) {
        StatusAggregatorSettings settings = new StatusAggregatorSettings(
                KafkaSettings.of("unused:9092"),
                dir,
                dir.resolve("streams"),
                "agg",
                LocalTime.of(2, 0),
                LocalTime.of(5, 0),
                30,
                Duration.ofMinutes(1),
                "webhooks",
                Duration.ofSeconds(10),
                2,
                Duration.ofMillis(20),
                Duration.ofMillis(200),
                "instance-1",
                new WebhookAddresses(true, true));
        sender = new WebhookSender(
                settings,
                connectors,
                Clock.systemUTC(),
                new SimpleMeterRegistry(),
                WebhookCall.system(new WebhookAddresses(true, true)),
                kafka,
                Supervision.DEFAULT.withPause(pause));
        sender.start();
    }

    private Connector connector(String url) {
        return new Connector(
                CONNECTOR,
                CONNECTOR,
                "ACME",
                null,
                "hi",
                null,
                null,
                url == null ? null : new Webhook(url, "k"),
                Instant.now(),
                Instant.now());
    }

    private void status(String connectorId, String messageId) {
        Status status =
                Status.of(messageId, "f", connectorId, "32476000001", StatusCode.DELIVERED, null, null, Instant.now());
        kafka.append(
                Topics.STATUSES,
                messageId,
                JsonSerde.of(Status.class).serializer().serialize(Topics.STATUSES, status));
    }

    @Test
    void aStatusIsPostedAndItsOffsetCommittedOnceDelivered() throws Exception {
        receiver = new WebhookReceiver();
        Connector connector = connector(receiver.url());
        status(CONNECTOR, "m-1");
        status(CONNECTOR, "m-2");
        start(id -> Optional.of(connector));

        await().atMost(WAIT).until(() -> kafka.committed(Topics.STATUSES, 0) == 2);
        assertThat(receiver.accepted())
                .extracting(WebhookReceiver.Call::text)
                .satisfiesExactly(
                        t -> assertThat(t).contains("m-1"), t -> assertThat(t).contains("m-2"));
        assertThat(sender.isHealthy()).isTrue();
    }

    @Test
    void eventsOfConnectorsWithoutAWebhookAndUnreadableRecordsAreCommittedWithoutACall() {
        Connector connector = connector(null);
        status(CONNECTOR, "m-1");
        kafka.append(Topics.STATUSES, "junk", "{not json".getBytes(StandardCharsets.UTF_8));
        start(id -> Optional.of(connector));

        await().atMost(WAIT).until(() -> kafka.committed(Topics.STATUSES, 0) == 2);
        assertThat(kafka.output()).isEmpty();
    }

    @Test
    void aRecordThePollerAlwaysFailsOnIsDeadLetteredAfterNAttemptsAndTheNextOneGoesOn() throws Exception {
        receiver = new WebhookReceiver();
        Connector connector = connector(receiver.url());
        status("broken", "m-1");
        status(CONNECTOR, "m-2");
        start(id -> {
            if (id.equals("broken")) {
                throw new IllegalStateException("look-up fails every time");
            }
            return Optional.of(connector);
        });

        await().atMost(WAIT).until(() -> kafka.committed(Topics.STATUSES, 0) == 2);
        assertThat(kafka.output(Topics.DEAD_LETTERS)).singleElement().satisfies(dead -> {
            assertThat(dead.key()).isEqualTo("m-1");
            assertThat(header(dead, DeadLetters.REASON)).contains("IllegalStateException");
        });
        assertThat(receiver.accepted())
                .singleElement()
                .satisfies(c -> assertThat(c.text()).contains("m-2"));
        assertThat(pause.delays()).hasSize(Supervision.ATTEMPTS_BEFORE_REFUSING);
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
