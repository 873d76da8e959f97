package org.ftp2sms.aggregator;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.WebhookDeadLetter;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.Webhook;
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

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13's webhook attacks: a webhook aimed at this host or the cloud metadata address, a name that resolves
 * to an internal address (DNS rebinding), a plain-http URL, a certificate for another name; and the sender
 * surviving an exception. Each asserts the call is not made (the local receiver sees nothing) or is made only to
 * the checked address, and that the sender goes on for other connectors.
 */
@ExtendWith(KafkaBrokerExtension.class)
class WebhookAttackTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final byte[] BODY = "{\"type\":\"status\"}".getBytes(StandardCharsets.UTF_8);
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @TempDir
    Path dir;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void internalAndPlainHttpTargetsAreRefusedWithoutAConnection() throws Exception {
        WebhookReceiver receiver = receiver();
        int port = Integer.parseInt(receiver.url().replaceAll(".*:(\\d+)/hook", "$1"));
        WebhookCall strict = new WebhookCall(WebhookAddresses.STRICT, host -> {
            throw new AssertionError("a refused URL is not even looked up: " + host);
        }, SSLContext.getDefault().getSocketFactory());
        for (String url : List.of(receiver.url(), "https://127.0.0.1:" + port + "/hook", "https://[::1]:" + port + "/hook",
                "https://169.254.169.254/latest/meta-data/", "https://10.0.0.5/hook", "https://[::ffff:192.168.1.1]/hook",
                "https://localhost:" + port + "/hook", "https://224.0.0.1/hook", "https://100.64.0.1/hook")) {
            assertThat(strict.post(url, Map.of(), BODY, Duration.ofSeconds(5))).as(url).startsWith("refused");
        }
        assertThat(receiver.requests()).isZero();
    }

    @Test
    void aNameResolvingToAnInternalAddressIsRefusedAtCallTime() throws Exception {
        WebhookReceiver receiver = receiver();
        int port = Integer.parseInt(receiver.url().replaceAll(".*:(\\d+)/hook", "$1"));
        // Accepted as written (a public-looking name), but it resolves to loopback when the call is made: refused.
        WebhookCall rebound = new WebhookCall(new WebhookAddresses(true, false),
                host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")}, SSLContext.getDefault().getSocketFactory());
        assertThat(WebhookAddresses.STRICT.problem("https://hooks.example/hook")).isEmpty();
        assertThat(rebound.post("http://hooks.example:" + port + "/hook", Map.of(), BODY, Duration.ofSeconds(5)))
                .startsWith("refused: hooks.example resolves to 127.0.0.1, a loopback address");
        // One internal address among public ones is enough to refuse.
        WebhookCall mixed = new WebhookCall(new WebhookAddresses(true, false), host -> new InetAddress[] {
                InetAddress.getByName("203.0.113.7"), InetAddress.getByName("169.254.169.254")},
                SSLContext.getDefault().getSocketFactory());
        assertThat(mixed.post("http://hooks.example:" + port + "/hook", Map.of(), BODY, Duration.ofSeconds(5)))
                .contains("link-local");
        assertThat(receiver.requests()).isZero();

        // Allowed (a lab setting), the call goes to the address that was checked, not to a second lookup:
        // hooks.example exists in no DNS, yet the receiver is reached, with the URL's host name.
        WebhookCall pinned = new WebhookCall(new WebhookAddresses(true, true),
                host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")}, SSLContext.getDefault().getSocketFactory());
        assertThat(pinned.post("http://hooks.example:" + port + "/hook", Map.of("webhook-id", "e1"), BODY,
                Duration.ofSeconds(5))).isNull();
        assertThat(receiver.calls()).singleElement().satisfies(c -> {
            assertThat(c.host()).isEqualTo("hooks.example:" + port);
            assertThat(c.eventId()).isEqualTo("e1");
        });
    }

    @Test
    void httpsIsVerifiedAgainstTheUrlsHostName() throws Exception {
        char[] password = "changeit".toCharArray();
        Path keystore = dir.resolve("receiver.p12");
        Process keytool = new ProcessBuilder("keytool", "-genkeypair", "-alias", "receiver", "-keyalg", "EC",
                "-dname", "CN=hooks.example", "-ext", "SAN=dns:hooks.example", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keys.getKeyManagers(), null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, trust.getTrustManagers(), null);

        List<String> hosts = new CopyOnWriteArrayList<>();
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            hosts.add(exchange.getRequestHeaders().getFirst("Host"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        toClose.add(() -> server.stop(0));
        int port = server.getAddress().getPort();
        WebhookCall.Resolver toLoopback = host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")};
        WebhookCall call = new WebhookCall(new WebhookAddresses(false, true), toLoopback, clientTls.getSocketFactory());

        assertThat(call.post("https://hooks.example:" + port + "/hook", Map.of(), BODY, Duration.ofSeconds(10))).isNull();
        assertThat(hosts).containsExactly("hooks.example:" + port);
        // The same server under another name: its certificate does not match, the call fails before any byte is sent.
        assertThat(call.post("https://other.example:" + port + "/hook", Map.of(), BODY, Duration.ofSeconds(10)))
                .contains("SSLHandshakeException");
        assertThat(hosts).hasSize(1);
    }

    @Test
    void theSenderSurvivesAnExceptionAndGoesOn(TestKafka kafka) throws Exception {
        WebhookReceiver receiver = receiver();
        String connectorId = TestKafka.unique("survivor");
        Connector connector = new Connector(connectorId, connectorId, "ACME", null, "hi", null, null,
                new Webhook(receiver.url(), SECRET), Instant.now(), Instant.now());
        ConnectorDirectory directory = new ConnectorDirectory(kafka.settings(), TestKafka.unique("dir")).start();
        toClose.add(directory);
        AtomicBoolean thrown = new AtomicBoolean();
        // The first look-up of the connector throws, as any bug or glitch might, on the poller's thread.
        WebhookSender sender = new WebhookSender(settings(kafka, new WebhookAddresses(true, true)), id -> {
            if (id.equals(connectorId) && thrown.compareAndSet(false, true)) {
                throw new IllegalStateException("boom, once");
            }
            return id.equals(connectorId) ? Optional.of(connector) : directory.find(id);
        }, Clock.systemUTC(), new SimpleMeterRegistry(), WebhookCall.system(new WebhookAddresses(true, true)));
        toClose.add(sender);
        sender.start();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.settings().producer("attack"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (String messageId : List.of("m-1", "m-2")) {
                Status status = Status.of(messageId, "f", connectorId, "32476000001", StatusCode.DELIVERED, null, null, Instant.now());
                producer.send(new ProducerRecord<>(Topics.STATUSES, messageId,
                        JsonSerde.of(Status.class).serializer().serialize(Topics.STATUSES, status))).get();
            }
        }
        await().atMost(WAIT).until(() -> receiver.accepted().stream()
                .map(c -> c.text().contains("m-1") ? "m-1" : "m-2").distinct().count() == 2);
        assertThat(thrown).isTrue();
        assertThat(sender.isHealthy()).isTrue();
        for (WebhookReceiver.Call call : receiver.accepted()) {
            assertThat(WebhookSignature.verify(call.eventId(), call.timestamp(), call.body(), SECRET, call.signature())).isTrue();
        }
    }

    @Test
    void aWebhookWithoutASecretIsNeverCalledUnsigned(TestKafka kafka) throws Exception {
        WebhookReceiver receiver = receiver();
        String connectorId = TestKafka.unique("unsigned");
        Connector connector = new Connector(connectorId, connectorId, "ACME", null, "hi", null, null,
                new Webhook(receiver.url(), null), Instant.now(), Instant.now());
        WebhookSender sender = new WebhookSender(settings(kafka, new WebhookAddresses(true, true)),
                id -> id.equals(connectorId) ? Optional.of(connector) : Optional.empty(), Clock.systemUTC(),
                new SimpleMeterRegistry(), WebhookCall.system(new WebhookAddresses(true, true)));
        toClose.add(sender);
        sender.start();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.settings().producer("attack"),
                new StringSerializer(), new ByteArraySerializer())) {
            Status status = Status.of("u-1", "f", connectorId, "32476000001", StatusCode.DELIVERED, null, null, Instant.now());
            producer.send(new ProducerRecord<>(Topics.STATUSES, "u-1",
                    JsonSerde.of(Status.class).serializer().serialize(Topics.STATUSES, status))).get();
        }
        List<WebhookDeadLetter> dead = kafka.awaitValues(Topics.WEBHOOK_DEAD_LETTERS, WebhookDeadLetter.class,
                d -> connectorId.equals(d.connectorId()), 1, WAIT);
        assertThat(dead).singleElement().satisfies(d -> assertThat(d.lastError()).contains("no secret"));
        assertThat(receiver.requests()).isZero();
    }

    private StatusAggregatorSettings settings(TestKafka kafka, WebhookAddresses addresses) {
        return new StatusAggregatorSettings(kafka.settings(), dir, dir.resolve("streams"), TestKafka.unique("agg"),
                LocalTime.of(2, 0), LocalTime.of(5, 0), 30, Duration.ofMinutes(1), TestKafka.unique("webhooks"),
                Duration.ofSeconds(10), 2, Duration.ofMillis(20), Duration.ofMillis(200), TestKafka.unique("instance"),
                addresses);
    }

    private WebhookReceiver receiver() throws Exception {
        WebhookReceiver receiver = new WebhookReceiver();
        toClose.add(receiver);
        return receiver;
    }
}
