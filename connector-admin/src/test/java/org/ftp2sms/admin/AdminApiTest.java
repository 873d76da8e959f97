package org.ftp2sms.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ftp2sms.contract.IngestionReport;
import org.ftp2sms.contract.IngestionState;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.json.Json;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.service.PasswordHash;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiTest {
    private static final String TOKEN = "test-token-0123456789abcdef";
    private static final String VALID = """
            { "name": "spring-promo", "sender": "ACME",
              "mapping": { "phoneColumn": "phone", "defaultCountry": "BE" },
              "template": "Hello {{ first_name | capitalize }}, your code is {{ code }}",
              "options": { "maxParts": 3, "dedupeWithinFile": true, "dedupeAcrossFilesDays": 0,
                           "calendar": { "timezone": "Europe/Brussels",
                                         "windows": [ { "days": ["MON","FRI"], "from": "09:00", "to": "20:00" } ],
                                         "closedDates": [] } },
              "access": { "protocol": "SFTP", "auth": "PASSWORD" } }
            """;

    private final HttpClient http = HttpClient.newHttpClient();
    private TestKafka kafka;
    private ConnectorAdminStage stage;

    @BeforeAll
    void start(TestKafka kafka) {
        this.kafka = kafka;
        stage = new ConnectorAdminStage(new AdminSettings(kafka.settings(), 0, TOKEN, "sftp.example.test", 2222, 2121),
                new SimpleMeterRegistry());
        stage.start();
    }

    @AfterAll
    void stop() {
        stage.close();
    }

    @Test
    void createsAConnectorReturnsCredentialsOnceAndNeverExposesSecrets() throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/connectors", VALID, TOKEN);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = Json.mapper().readTree(created.body());
        String id = body.get("id").asText();
        JsonNode credentials = body.get("credentials");
        String password = credentials.get("password").asText();
        assertThat(password).hasSizeGreaterThanOrEqualTo(24);
        assertThat(credentials.get("protocol").asText()).isEqualTo("SFTP");
        assertThat(credentials.get("host").asText()).isEqualTo("sftp.example.test");
        assertThat(credentials.get("port").asInt()).isEqualTo(2222);
        assertThat(credentials.get("username").asText()).startsWith("spring-promo-");
        assertThat(created.body()).doesNotContain("passwordHash");

        HttpResponse<String> fetched = send("GET", "/api/v1/connectors/" + id, null, TOKEN);
        assertThat(fetched.statusCode()).isEqualTo(200);
        JsonNode connector = Json.mapper().readTree(fetched.body());
        assertThat(connector.get("template").asText()).contains("{{ code }}");
        assertThat(connector.get("options").get("calendar").get("timezone").asText()).isEqualTo("Europe/Brussels");
        assertThat(connector.has("credentials") && !connector.get("credentials").isNull()).isFalse();
        assertThat(fetched.body()).doesNotContain(password).doesNotContain("passwordHash");
        assertThat(send("GET", "/api/v1/connectors", null, TOKEN).body()).contains(id).doesNotContain(password);

        List<Connector> stored = kafka.awaitValues(Topics.CONNECTORS, Connector.class, c -> c.id().equals(id), 1,
                Duration.ofSeconds(10));
        assertThat(stored).hasSize(1);
        assertThat(Json.mapper().writeValueAsString(stored.get(0))).doesNotContain(password);
        assertThat(PasswordHash.matches(password, stored.get(0).access().passwordHash())).isTrue();
    }

    @Test
    void everyApiCallWithoutTheTokenIs401ButHealthIsOpen() throws Exception {
        assertThat(send("GET", "/api/v1/connectors", null, null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/v1/connectors", VALID, "wrong-token").statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/v1/ingestions/x", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/health", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void invalidFieldsAreAllListedWithTheirReason() throws Exception {
        String invalid = """
                { "name": "x", "sender": "A VERY LONG SENDER NAME",
                  "mapping": { "phoneColumn": "phone number", "defaultCountry": "XX" },
                  "template": "Hello {{ name ",
                  "options": { "maxParts": 11, "dedupeWithinFile": true, "dedupeAcrossFilesDays": 0,
                               "calendar": { "timezone": "Mars/Olympus", "windows": [], "closedDates": [] } },
                  "access": { "protocol": "FTPS", "auth": "PUBLIC_KEY", "publicKeys": ["not a key"] } }
                """;
        HttpResponse<String> response = send("POST", "/api/v1/connectors", invalid, TOKEN);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode errors = Json.mapper().readTree(response.body()).get("errors");
        assertThat(errors.findValuesAsText("field")).contains("sender", "mapping.phoneColumn",
                "mapping.defaultCountry", "template", "options.maxParts", "options.calendar.timezone", "access.auth",
                "access.publicKeys[0]");
    }

    @Test
    void malformedJsonIs400NotAStackTrace() throws Exception {
        HttpResponse<String> response = send("POST", "/api/v1/connectors", "{ \"name\": ", TOKEN);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("not valid JSON").doesNotContain("at com.fasterxml");
    }

    @Test
    void unknownConnectorIs404() throws Exception {
        assertThat(send("GET", "/api/v1/connectors/nope", null, TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void ingestionReportsAreServedLatestFirst() throws Exception {
        String file = TestKafka.unique("file");
        String connector = TestKafka.unique("conn");
        assertThat(send("GET", "/api/v1/ingestions/" + file, null, TOKEN).statusCode()).isEqualTo(404);
        var serializer = JsonSerde.of(IngestionReport.class).serializer();
        try (var producer = new KafkaProducer<>(kafka.settings().producer("test"), new StringSerializer(), new ByteArraySerializer())) {
            for (IngestionState state : List.of(IngestionState.ACCEPTED, IngestionState.COMPLETED)) {
                IngestionReport report = new IngestionReport(file, connector, "a.csv", state, null, 2, 0, Instant.now());
                producer.send(new ProducerRecord<>(Topics.INGESTIONS, file, serializer.serialize(Topics.INGESTIONS, report))).get();
            }
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(send("GET", "/api/v1/ingestions/" + file, null, TOKEN).body()).contains("\"COMPLETED\""));
        HttpResponse<String> list = send("GET", "/api/v1/ingestions?connectorId=" + connector, null, TOKEN);
        assertThat(Json.mapper().readTree(list.body())).hasSize(1);
    }

    private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + stage.httpPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
