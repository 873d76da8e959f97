package org.ftp2sms.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ftp2sms.contract.Reply;
import org.ftp2sms.contract.Suppression;
import org.ftp2sms.contract.SuppressionSource;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.WebhookDeadLetter;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.Webhook;
import org.ftp2sms.contract.json.Json;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.rules.webhook.WebhookAddresses;
import org.ftp2sms.rules.webhook.WebhookSignature;
import org.ftp2sms.service.ConnectorDirectory;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Webhooks on the real broker to a local HTTP receiver. */
@ExtendWith(KafkaBrokerExtension.class)
class WebhookSenderTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final TestKafka kafka;
    private final KafkaProducer<String, byte[]> producer;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    @TempDir
    Path dataDir;

    WebhookSenderTest(TestKafka kafka) {
        this.kafka = kafka;
        this.producer = new KafkaProducer<>(kafka.settings().producer(TestKafka.unique("webhook-test")),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void closeAll() throws Exception {
        List<AutoCloseable> reversed = new ArrayList<>(toClose);
        java.util.Collections.reverse(reversed);
        for (AutoCloseable c : reversed) {
            c.close();
        }
        producer.close();
    }

    @Test
    void everyStatusChangeAndReplyIsPostedWithAVerifiableSignature() throws Exception {
        WebhookReceiver receiver = receiver();
        String connectorId = connector(receiver, "s3cret-é");
        sender(settings(3, Duration.ofSeconds(10), TestKafka.unique("webhooks")));

        status(connectorId, "m-1", StatusCode.SUBMITTED);
        status(connectorId, "m-1", StatusCode.DELIVERED);
        reply(connectorId, "m-1", "Yes, \"please\" 😀");

        await().atMost(WAIT).until(() -> receiver.accepted().size() == 3);
        for (WebhookReceiver.Call call : receiver.accepted()) {
            // Standard Webhooks: v1,<base64 HMAC-SHA256 of "id.timestamp.body">, computed here independently.
            assertThat(call.signature()).isEqualTo("v1," + hmacBase64("s3cret-é",
                    (call.eventId() + "." + call.timestamp() + "." + call.text()).getBytes(StandardCharsets.UTF_8)));
            assertThat(Math.abs(Long.parseLong(call.timestamp()) - Instant.now().getEpochSecond())).isLessThan(300);
            assertThat(WebhookSignature.verify(call.eventId(), call.timestamp(), call.body(), "s3cret-é", call.signature())).isTrue();
            assertThat(WebhookSignature.verify(call.eventId(), call.timestamp(), call.body(), "other", call.signature())).isFalse();
            assertThat(WebhookSignature.verify(call.eventId(), String.valueOf(Long.parseLong(call.timestamp()) + 1),
                    call.body(), "s3cret-é", call.signature())).as("a replay with another timestamp").isFalse();
        }
        List<JsonNode> bodies = receiver.accepted().stream().map(c -> json(c.body())).toList();
        assertThat(bodies).extracting(b -> b.get("type").asText()).containsExactlyInAnyOrder("status", "status", "reply");
        assertThat(bodies).filteredOn(b -> b.get("type").asText().equals("status"))
                .extracting(b -> b.get("status").get("statusCode").asInt()).containsExactlyInAnyOrder(100, 200);
        assertThat(bodies).filteredOn(b -> b.get("type").asText().equals("reply"))
                .extracting(b -> b.get("reply").get("message").asText()).containsExactly("Yes, \"please\" 😀");
    }

    @Test
    void aNumberAddedToOrRemovedFromTheSuppressionListIsPostedToItsConnectorOnly() throws Exception {
        WebhookReceiver receiver = receiver();
        WebhookReceiver otherReceiver = receiver();
        String connectorId = connector(receiver, "s3cret");
        String other = connector(otherReceiver, "s3cret");
        sender(settings(3, Duration.ofSeconds(10), TestKafka.unique("webhooks")));

        suppression(connectorId, true);
        suppression(connectorId, false);
        status(other, "m-other", StatusCode.SUBMITTED);

        await().atMost(WAIT).until(() -> receiver.accepted().size() == 2 && otherReceiver.accepted().size() == 1);
        List<JsonNode> bodies = receiver.accepted().stream().map(c -> json(c.body())).toList();
        assertThat(bodies).extracting(b -> b.get("type").asText()).containsExactly("suppression-added", "suppression-removed");
        assertThat(bodies).extracting(b -> b.get("suppression").get("phone").asText()).containsOnly("32476000009");
        assertThat(bodies).extracting(b -> b.get("suppression").get("scope").asText()).containsOnly(connectorId);
        assertThat(json(otherReceiver.accepted().get(0).body()).get("type").asText()).isEqualTo("status");
    }

    private void suppression(String connectorId, boolean suppressed) {
        Suppression change = new Suppression(connectorId, "32476000009", suppressed, connectorId, SuppressionSource.ADMIN,
                null, Instant.now());
        send(Topics.SUPPRESSIONS, change.key(), JsonSerde.of(Suppression.class).serializer().serialize(null, change));
    }

    @Test
    void aReceiverThatFailsThreeTimesThenRecoversGetsEveryEvent() throws Exception {
        WebhookReceiver receiver = receiver();
        receiver.behave(WebhookReceiver.failFirst(3));
        String connectorId = connector(receiver, "k");
        sender(settings(5, Duration.ofSeconds(10), TestKafka.unique("webhooks")));

        IntStream.rangeClosed(1, 5).forEach(i -> status(connectorId, "m-" + i, StatusCode.DELIVERED));

        await().atMost(WAIT).until(() -> messageIds(receiver.accepted()).size() == 5);
        assertThat(messageIds(receiver.accepted())).containsExactlyInAnyOrder("m-1", "m-2", "m-3", "m-4", "m-5");
        assertThat(receiver.calls()).filteredOn(c -> c.answered() == 500).hasSize(3);
        assertThat(kafka.valuesNow(Topics.WEBHOOK_DEAD_LETTERS, WebhookDeadLetter.class, d -> connectorId.equals(d.connectorId())))
                .isEmpty();
    }

    @Test
    void aSlowReceiverDoesNotDelayAnotherConnectorsWebhooks() throws Exception {
        WebhookReceiver slow = receiver();
        CountDownLatch release = new CountDownLatch(1);
        slow.behave(n -> {
            release.await();
            return 200;
        });
        WebhookReceiver fast = receiver();
        String slowConnector = connector(slow, "a");
        String fastConnector = connector(fast, "b");
        sender(settings(3, Duration.ofMinutes(5), TestKafka.unique("webhooks")));

        status(slowConnector, "s-1", StatusCode.DELIVERED);
        status(slowConnector, "s-2", StatusCode.DELIVERED);
        await().atMost(WAIT).until(() -> slow.requests() == 1); // the slow receiver now holds its first call
        IntStream.rangeClosed(1, 4).forEach(i -> status(fastConnector, "f-" + i, StatusCode.DELIVERED));

        await().atMost(WAIT).until(() -> fast.accepted().size() == 4);
        assertThat(slow.accepted()).as("the slow receiver has answered nothing yet").isEmpty();
        release.countDown();
        await().atMost(WAIT).until(() -> messageIds(slow.accepted()).size() == 2);
    }

    @Test
    void anEventGivenUpGoesToTheDeadLetterTopicAndTheNextIsStillSent() throws Exception {
        WebhookReceiver receiver = receiver();
        receiver.behave(n -> n <= 2 ? 503 : 200);
        String connectorId = connector(receiver, "k");
        sender(settings(2, Duration.ofSeconds(10), TestKafka.unique("webhooks")));

        status(connectorId, "m-dead", StatusCode.DELIVERED);
        List<WebhookDeadLetter> dead = kafka.awaitValues(Topics.WEBHOOK_DEAD_LETTERS, WebhookDeadLetter.class,
                d -> connectorId.equals(d.connectorId()), 1, WAIT);
        assertThat(dead.get(0).attempts()).isEqualTo(2);
        assertThat(dead.get(0).lastError()).isEqualTo("HTTP 503");
        assertThat(dead.get(0).url()).isEqualTo(receiver.url());
        assertThat(json(dead.get(0).payload().getBytes(StandardCharsets.UTF_8)).get("status").get("messageId").asText())
                .isEqualTo("m-dead");

        status(connectorId, "m-next", StatusCode.DELIVERED);
        await().atMost(WAIT).until(() -> messageIds(receiver.accepted()).contains("m-next"));
    }

    @Test
    void eventsInFlightWhenTheSenderStopsAreSentAfterItsRestart() throws Exception {
        WebhookReceiver receiver = receiver();
        receiver.behave(WebhookReceiver.always(500));
        String connectorId = connector(receiver, "k");
        String group = TestKafka.unique("webhooks");
        StatusAggregatorSettings settings = settings(1000, Duration.ofSeconds(10), group);
        ConnectorDirectory directory = new ConnectorDirectory(kafka.settings(), TestKafka.unique("dir")).start();
        WebhookSender first = new WebhookSender(settings, directory, Clock.systemUTC(), new SimpleMeterRegistry());
        first.start();
        IntStream.rangeClosed(1, 3).forEach(i -> status(connectorId, "m-" + i, StatusCode.DELIVERED));
        await().atMost(WAIT).until(() -> receiver.requests() >= 2);
        first.close();
        directory.close();

        receiver.behave(WebhookReceiver.always(200));
        sender(settings);
        await().atMost(WAIT).until(() -> messageIds(receiver.accepted()).size() == 3);
        assertThat(messageIds(receiver.accepted())).containsExactlyInAnyOrder("m-1", "m-2", "m-3");
    }

    private WebhookReceiver receiver() throws Exception {
        WebhookReceiver receiver = new WebhookReceiver();
        toClose.add(receiver);
        return receiver;
    }

    private void sender(StatusAggregatorSettings settings) {
        ConnectorDirectory directory = new ConnectorDirectory(kafka.settings(), TestKafka.unique("dir")).start();
        toClose.add(directory);
        WebhookSender sender = new WebhookSender(settings, directory, Clock.systemUTC(), new SimpleMeterRegistry());
        toClose.add(sender);
        sender.start();
    }

    private StatusAggregatorSettings settings(int attempts, Duration timeout, String group) {
        return new StatusAggregatorSettings(kafka.settings(), dataDir, dataDir.resolve("streams"), TestKafka.unique("agg"),
                LocalTime.of(2, 0), LocalTime.of(5, 0), 30, Duration.ofMinutes(1), group, timeout, attempts,
                Duration.ofMillis(20), Duration.ofMillis(200), TestKafka.unique("instance"),
                new WebhookAddresses(true, true)); // the test's receiver is plain HTTP on loopback
    }

    private String connector(WebhookReceiver receiver, String secret) throws Exception {
        String id = TestKafka.unique("webhook-connector");
        Connector connector = new Connector(id, id, "ACME", null, "hi", null, null, new Webhook(receiver.url(), secret),
                Instant.now(), Instant.now());
        producer.send(new ProducerRecord<>(Topics.CONNECTORS, id, JsonSerde.of(Connector.class).serializer().serialize(null, connector))).get();
        return id;
    }

    private void status(String connectorId, String messageId, StatusCode code) {
        Instant now = Instant.now();
        Status status = Status.of(messageId, "f", connectorId, "32476000001", code, now, null, now);
        send(Topics.STATUSES, status.messageId(), JsonSerde.of(Status.class).serializer().serialize(null, status));
    }

    private void reply(String connectorId, String outgoing, String text) {
        Reply reply = new Reply("r-" + outgoing, outgoing, connectorId, "f", "32476000001", text, Instant.now());
        send(Topics.REPLIES, reply.phone(), JsonSerde.of(Reply.class).serializer().serialize(null, reply));
    }

    private void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Distinct message ids of the status calls (every test has its own connector and receiver). */
    private static List<String> messageIds(List<WebhookReceiver.Call> calls) {
        return calls.stream().map(c -> json(c.body()).get("status").get("messageId").asText()).distinct().toList();
    }

    private static JsonNode json(byte[] body) {
        try {
            return Json.mapper().readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hmacBase64(String secret, byte[] signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.Base64.getEncoder().encodeToString(mac.doFinal(signed));
    }
}
