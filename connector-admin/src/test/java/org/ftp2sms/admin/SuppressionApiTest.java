package org.ftp2sms.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ftp2sms.contract.Suppression;
import org.ftp2sms.contract.SuppressionSource;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.Json;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The suppression list's admin API through real HTTP, on a real broker: each change is an event on its topic. */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SuppressionApiTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private TestKafka kafka;
    private ConnectorAdminStage stage;
    private AdminHttp api;

    @BeforeAll
    void start(TestKafka kafka) {
        this.kafka = kafka;
        stage = new ConnectorAdminStage(new AdminSettings(kafka.settings(), 0, AdminApiTest.TOKEN, "sftp.example.test", 2222,
                2121, TestStorage.isolated()), new SimpleMeterRegistry());
        stage.start();
        api = new AdminHttp(stage.httpPort(), AdminApiTest.TOKEN);
    }

    @AfterAll
    void stop() {
        stage.close();
    }

    @Test
    void aPhoneIsAddedListedAndRemovedAndEachChangeIsAnEvent() {
        String connector = api.expect(201, "POST", "/api/v1/connectors", AdminApiTest.VALID).get("id").asText();
        String national = "0476" + ThreadLocalRandom.current().nextInt(100_000, 999_999);
        String phone = "32" + national.substring(1);

        // A national number reads with the connector's default country (BE).
        JsonNode added = api.expect(201, "POST", "/api/v1/suppressions",
                "{\"scope\": \"" + connector + "\", \"phone\": \"" + national + "\"}");
        assertThat(added.get("phone").asText()).isEqualTo(phone);
        assertThat(added.get("scope").asText()).isEqualTo(connector);
        assertThat(added.get("source").asText()).isEqualTo("ADMIN");
        api.expect(200, "POST", "/api/v1/suppressions", "{\"scope\": \"" + connector + "\", \"phone\": \"+" + phone + "\"}");

        JsonNode listed = api.expect(200, "GET", "/api/v1/suppressions?scope=" + connector, null);
        assertThat(listed.findValuesAsText("phone")).containsExactly(phone);
        assertThat(api.expect(200, "GET", "/api/v1/suppressions?phone=" + phone, null)).hasSize(1);

        api.expect(204, "DELETE", "/api/v1/suppressions/" + connector + "/" + phone, null);
        assertThat(api.expect(200, "GET", "/api/v1/suppressions?scope=" + connector, null)).isEmpty();
        api.expect(404, "DELETE", "/api/v1/suppressions/" + connector + "/" + phone, null);

        assertThat(kafka.awaitValues(Topics.SUPPRESSIONS, Suppression.class, s -> phone.equals(s.phone()), 2, WAIT))
                .extracting(Suppression::suppressed, Suppression::key, Suppression::connectorId, Suppression::source)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(true, connector + ":" + phone, connector, SuppressionSource.ADMIN),
                        org.assertj.core.groups.Tuple.tuple(false, connector + ":" + phone, connector, SuppressionSource.ADMIN));
    }

    @Test
    void aCsvImportAddsEveryNumberAndReportsTheLinesThatAreNone() {
        String connector = api.expect(201, "POST", "/api/v1/connectors", AdminApiTest.VALID).get("id").asText();
        int base = ThreadLocalRandom.current().nextInt(100_000, 999_000);
        String csv = "name;phone\nann;0476" + base + "\nbob;+32 476 " + (base + 1) + "\ncarl;not a number\n\nann;0476" + base + "\n";
        JsonNode result = importCsv(connector, csv);
        assertThat(result.get("added").asInt()).isEqualTo(2);
        assertThat(result.get("refusedCount").asInt()).isEqualTo(1);
        assertThat(result.get("refused").get(0).get("line").asInt()).isEqualTo(4);
        assertThat(api.expect(200, "GET", "/api/v1/suppressions?scope=" + connector, null).findValuesAsText("phone"))
                .containsExactly("32476" + base, "32476" + (base + 1));

        // Imported again: nothing new.
        assertThat(importCsv(connector, csv).get("alreadyListed").asInt()).isEqualTo(2);
        api.expect(404, "POST", "/api/v1/suppressions/no-such-connector/import", "0476123456\n");
        JsonNode unknown = api.expect(400, "POST", "/api/v1/suppressions", "{\"scope\": \"nope\", \"phone\": \"+32476123456\"}");
        assertThat(unknown.get("errors").findValuesAsText("field")).containsExactly("scope");
    }

    @Test
    void thePreviewCountsTheRowsToASuppressedPhone() {
        String connector = api.expect(201, "POST", "/api/v1/connectors", AdminApiTest.VALID).get("id").asText();
        int base = ThreadLocalRandom.current().nextInt(100_000, 999_000);
        api.expect(201, "POST", "/api/v1/suppressions", "{\"scope\": \"" + connector + "\", \"phone\": \"0476" + base + "\"}");
        ObjectNode request = Json.mapper().createObjectNode();
        request.put("template", "Hi {{ first_name }}");
        request.putObject("mapping").put("phoneColumn", "phone").put("defaultCountry", "BE");
        request.put("sample", "phone;first_name\n0476" + base + ";ann\n0476" + (base + 1) + ";bob\n");
        request.put("connectorId", connector);

        JsonNode preview = api.expect(200, "POST", "/api/v1/connectors/preview", request.toString());
        assertThat(preview.get("suppressedCount").asInt()).isEqualTo(1);
        assertThat(preview.get("messageCount").asInt()).isEqualTo(1);
        assertThat(preview.get("refused").findValuesAsText("statusReason")).containsExactly("840-suppressed");

        request.remove("connectorId"); // without the connector, only the installation's list applies
        assertThat(api.expect(200, "POST", "/api/v1/connectors/preview", request.toString()).get("suppressedCount").asInt())
                .isZero();
    }

    private JsonNode importCsv(String scope, String csv) {
        var response = api.sendBytes("POST", "/api/v1/suppressions/" + scope + "/import", csv.getBytes(StandardCharsets.UTF_8),
                AdminApiTest.TOKEN, "text/csv");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return AdminHttp.json(response.body());
    }
}
