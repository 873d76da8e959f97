package org.ftp2sms.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ftp2sms.contract.IngestionReport;
import org.ftp2sms.contract.IngestionState;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The OpenAPI file and the running server describe the same API: every operation of the file answers on the
 * server with one of the statuses the file documents for it (never 404 for want of a route, nor 405), and every
 * route of the server is in the file.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiContractTest {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

    private TestKafka kafka;
    private ConnectorAdminStage stage;
    private AdminHttp api;
    private JsonNode openApi;
    private final AdminSettings.Storage storage = TestStorage.isolated();

    @BeforeAll
    void start(TestKafka kafka) throws Exception {
        this.kafka = kafka;
        stage = new ConnectorAdminStage(new AdminSettings(kafka.settings(), 0, AdminApiTest.TOKEN, "localhost", 2222, 2121, storage),
                new SimpleMeterRegistry());
        stage.start();
        api = new AdminHttp(stage.httpPort(), AdminApiTest.TOKEN);
        HttpResponse<String> served = api.send("GET", AdminApi.OPENAPI_PATH, null, null, "text/plain");
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/yaml"));
        openApi = new ObjectMapper(new YAMLFactory()).readTree(served.body());
    }

    @AfterAll
    void stop() {
        stage.close();
    }

    @Test
    void theServedFileIsAnOpenApi3Document() {
        assertThat(openApi.get("openapi").asText()).startsWith("3.");
        assertThat(openApi.get("paths")).isNotEmpty();
        assertThat(openApi.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
    }

    @Test
    void everyRouteOfTheServerIsInTheFile() {
        assertThat(operationsInFile()).containsAll(stage.routes());
    }

    @Test
    void everyOperationOfTheFileAnswersOneOfItsDocumentedStatuses() throws Exception {
        String connectorId = api.expect(201, "POST", "/api/v1/connectors", AdminApiTest.VALID).get("id").asText();
        String fileIngestionId = TestKafka.unique("file");
        publishReport(fileIngestionId, connectorId);
        // A phone of this test's own on the installation's list, for the DELETE of a suppression to find.
        String phone = "3247" + (1_000_000 + new java.util.Random().nextInt(8_999_999));
        api.expect(201, "POST", "/api/v1/suppressions", "{\"scope\": \"installation\", \"phone\": \"+" + phone + "\"}");
        Map<String, String> values = Map.of("id", connectorId, "fileIngestionId", fileIngestionId, "connectorId", connectorId,
                "date", "2026-03-01", "name", "status_2026-03-01.csv", "scope", "installation", "phone", phone);
        Path exports = Files.createDirectories(storage.exportsDir(connectorId));
        Files.writeString(exports.resolve("status_2026-03-01.csv"), "templateId\n");

        // DELETE last: it removes the connector the other operations use.
        List<String> operations = new ArrayList<>(operationsInFile());
        operations.sort(Comparator.comparing((String op) -> op.startsWith("DELETE ")).thenComparing(op -> op));
        assertThat(operations).hasSizeGreaterThanOrEqualTo(12);
        for (String operation : operations) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = operation.substring(operation.indexOf(' ') + 1);
            JsonNode spec = openApi.get("paths").get(path).get(method.toLowerCase());
            String url = path;
            for (Map.Entry<String, String> value : values.entrySet()) {
                url = url.replace("{" + value.getKey() + "}", value.getValue());
            }
            StringBuilder query = new StringBuilder();
            for (JsonNode parameter : spec.path("parameters")) {
                if ("query".equals(parameter.get("in").asText()) && parameter.path("required").asBoolean()) {
                    query.append(query.isEmpty() ? "?" : "&").append(parameter.get("name").asText()).append('=')
                            .append(values.get(parameter.get("name").asText()));
                }
            }
            boolean csv = spec.path("requestBody").path("content").has("text/csv");
            String body = csv ? "phone,name\n0476123456,ann\n" : spec.has("requestBody") ? "{}" : null;
            HttpResponse<String> response = api.send(method, url + query, body, AdminApiTest.TOKEN,
                    csv ? "text/csv" : "application/json");

            assertThat(response.statusCode()).as(operation + " answered " + response.body()).isNotIn(404, 405);
            assertThat(spec.get("responses").has(String.valueOf(response.statusCode())))
                    .as(operation + " answered " + response.statusCode() + ", not documented").isTrue();
            if (spec.get("responses").has("401")) {
                assertThat(api.send(method, url + query, body, null, "application/json").statusCode())
                        .as(operation + " without a token").isEqualTo(401);
            }
        }
    }

    private Set<String> operationsInFile() {
        Set<String> operations = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = openApi.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (METHODS.contains(method)) {
                    operations.add(method.toUpperCase() + " " + path.getKey());
                }
            });
        }
        return operations;
    }

    private void publishReport(String fileIngestionId, String connectorId) {
        var serializer = JsonSerde.of(IngestionReport.class).serializer();
        try (var producer = new KafkaProducer<>(kafka.settings().producer("openapi-test"), new StringSerializer(),
                new ByteArraySerializer())) {
            IngestionReport report = new IngestionReport(fileIngestionId, connectorId, "a.csv", IngestionState.COMPLETED,
                    null, 1, 0, Instant.now());
            producer.send(new ProducerRecord<>(Topics.INGESTIONS, fileIngestionId, serializer.serialize(Topics.INGESTIONS, report)));
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(10)).until(() ->
                api.send("GET", "/api/v1/ingestions/" + fileIngestionId, null).statusCode() == 200);
    }
}
