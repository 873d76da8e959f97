package org.ftp2sms.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.json.Json;
import org.ftp2sms.testkit.Curl;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.RunningStages;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13's webhook attacks on the admin API (real {@code curl}): internal and plain-http URLs are refused, a
 * webhook without a secret gets a generated one shown once and never again, and a short secret is refused.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookUrlAttackTest {
    private final RunningStages stages = new RunningStages();
    private TestKafka kafka;
    private String base;

    @BeforeAll
    void start(TestKafka kafka) {
        this.kafka = kafka;
        ConnectorAdminStage admin = stages.start(new ConnectorAdminStage(new AdminSettings(kafka.settings(), 0,
                AdminApiTest.TOKEN, "127.0.0.1", 2222, 2121, TestStorage.isolated()), new SimpleMeterRegistry()));
        base = "http://127.0.0.1:" + admin.httpPort();
    }

    @AfterAll
    void stop() {
        stages.close();
    }

    @Test
    void internalAndPlainHttpWebhooksAreRefused() throws Exception {
        for (String url : List.of("http://hooks.example.com/h", "https://169.254.169.254/latest/meta-data/",
                "https://127.0.0.1:8080/h", "https://localhost/h", "https://10.0.0.7/h", "https://[::ffff:192.168.0.1]/h",
                "https://[fd12::1]/h", "https://100.100.100.200/h")) {
            Curl.Response refused = create(webhook(url, null));
            assertThat(refused.status()).as(url).isEqualTo(400);
            JsonNode errors = Json.mapper().readTree(refused.body()).get("errors");
            assertThat(errors.findValuesAsText("field")).as(url).contains("webhook.url");
        }
        Curl.Response shortSecret = create(webhook("https://hooks.example.com/h", "short"));
        assertThat(shortSecret.status()).isEqualTo(400);
        assertThat(shortSecret.body()).contains("webhook.secret");
        assertThat(Curl.call("GET", base + "/health", null, null).status()).isEqualTo(200);
    }

    @Test
    void aWebhookWithoutASecretGetsOneShownOnce() throws Exception {
        Curl.Response created = create(webhook("https://hooks.example.com/ftp2sms", null));
        assertThat(created.status()).isEqualTo(201);
        JsonNode body = Json.mapper().readTree(created.body());
        String id = body.get("id").asText();
        String secret = body.get("webhook").get("secret").asText();
        assertThat(secret).startsWith("whsec_").hasSize(50);

        Curl.Response shown = Curl.call("GET", base + "/api/v1/connectors/" + id, AdminApiTest.TOKEN, null);
        assertThat(shown.body()).doesNotContain(secret);
        assertThat(Curl.call("GET", base + "/api/v1/connectors", AdminApiTest.TOKEN, null).body()).doesNotContain(secret);
        // The sender finds it on the connectors topic.
        Connector stored = kafka.valuesNow(Topics.CONNECTORS, Connector.class, c -> id.equals(c.id())).get(0);
        assertThat(stored.webhook().secret()).isEqualTo(secret);

        // Sent back as a GET shows it (without the secret), the update keeps it and shows none.
        ObjectNode update = (ObjectNode) Json.mapper().readTree(shown.body());
        update.remove(List.of("id", "createdAt", "updatedAt", "credentials"));
        ((ObjectNode) update.get("access")).remove("username");
        Curl.Response kept = Curl.call("PUT", base + "/api/v1/connectors/" + id, AdminApiTest.TOKEN, update.toString());
        assertThat(kept.status()).as(kept.body()).isEqualTo(200);
        assertThat(kept.body()).doesNotContain(secret).doesNotContain("whsec_");
        assertThat(kafka.valuesNow(Topics.CONNECTORS, Connector.class, c -> id.equals(c.id())))
                .last().satisfies(c -> assertThat(c.webhook().secret()).isEqualTo(secret));
    }

    private Curl.Response create(ObjectNode request) {
        return Curl.call("POST", base + "/api/v1/connectors", AdminApiTest.TOKEN, request.toString());
    }

    private static ObjectNode webhook(String url, String secret) throws Exception {
        ObjectNode request = (ObjectNode) Json.mapper().readTree(AdminApiTest.VALID);
        ObjectNode webhook = request.putObject("webhook").put("url", url);
        if (secret != null) {
            webhook.put("secret", secret);
        }
        return request;
    }
}
