package org.ftp2sms.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every endpoint of the admin API through real HTTP, on a real broker. */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiTest {
    static final String TOKEN = "test-token-0123456789abcdef0123456789";
    static final String VALID = """
            { "name": "spring-promo", "sender": "ACME",
              "mapping": { "phoneColumn": "phone", "defaultCountry": "BE" },
              "template": "Hello {{ first_name | capitalize }}, your code is {{ code }}",
              "options": { "maxParts": 3, "dedupeWithinFile": true, "dedupeAcrossFilesDays": 0,
                           "calendar": { "timezone": "Europe/Brussels",
                                         "windows": [ { "days": ["MON","FRI"], "from": "09:00", "to": "20:00" } ],
                                         "closedDates": [] } },
              "access": { "protocol": "SFTP", "auth": "PASSWORD" } }
            """;

    private TestKafka kafka;
    private ConnectorAdminStage stage;
    private AdminHttp api;
    @TempDir
    Path keys;

    @BeforeAll
    void start(TestKafka kafka) {
        this.kafka = kafka;
        stage = new ConnectorAdminStage(new AdminSettings(kafka.settings(), 0, TOKEN, "sftp.example.test", 2222, 2121, TestStorage.isolated()),
                new SimpleMeterRegistry());
        stage.start();
        api = new AdminHttp(stage.httpPort(), TOKEN);
    }

    @AfterAll
    void stop() {
        stage.close();
    }

    @Test
    void createsAConnectorReturnsCredentialsOnceAndNeverExposesSecrets() throws Exception {
        JsonNode body = api.expect(201, "POST", "/api/v1/connectors", VALID);
        String id = body.get("id").asText();
        JsonNode credentials = body.get("credentials");
        String password = credentials.get("password").asText();
        assertThat(password).hasSizeGreaterThanOrEqualTo(24);
        assertThat(credentials.get("protocol").asText()).isEqualTo("SFTP");
        assertThat(credentials.get("host").asText()).isEqualTo("sftp.example.test");
        assertThat(credentials.get("port").asInt()).isEqualTo(2222);
        assertThat(credentials.get("username").asText()).startsWith("spring-promo-");
        assertThat(body.toString()).doesNotContain("passwordHash");

        HttpResponse<String> fetched = api.send("GET", "/api/v1/connectors/" + id, null);
        assertThat(fetched.statusCode()).isEqualTo(200);
        JsonNode connector = AdminHttp.json(fetched.body());
        assertThat(connector.get("template").asText()).contains("{{ code }}");
        assertThat(connector.get("options").get("calendar").get("timezone").asText()).isEqualTo("Europe/Brussels");
        assertThat(connector.has("credentials") && !connector.get("credentials").isNull()).isFalse();
        assertThat(fetched.body()).doesNotContain(password).doesNotContain("passwordHash");
        HttpResponse<String> list = api.send("GET", "/api/v1/connectors", null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(id).doesNotContain(password);

        List<Connector> stored = kafka.awaitValues(Topics.CONNECTORS, Connector.class, c -> c.id().equals(id), 1,
                Duration.ofSeconds(10));
        assertThat(stored).hasSize(1);
        assertThat(Json.mapper().writeValueAsString(stored.get(0))).doesNotContain(password);
        assertThat(PasswordHash.matches(password, stored.get(0).access().passwordHash())).isTrue();
    }

    @Test
    void everyApiRouteWithoutTheRightTokenIs401ButHealthAndTheApiDescriptionAreOpen() {
        List<String> routes = stage.routes();
        assertThat(routes).contains("DELETE /api/v1/connectors/{id}", "POST /api/v1/connectors/{id}/credentials");
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "x");
            if (path.equals("/health") || path.equals(AdminApi.OPENAPI_PATH)) {
                continue;
            }
            assertThat(api.send(method, path, "{}", null, "application/json").statusCode()).as(route).isEqualTo(401);
            assertThat(api.send(method, path, "{}", "wrong-token-0123456789", "application/json").statusCode()).as(route).isEqualTo(401);
        }
        assertThat(api.send("GET", "/health", null, null, "text/plain").statusCode()).isEqualTo(200);
        assertThat(api.send("GET", AdminApi.OPENAPI_PATH, null, null, "text/plain").statusCode()).isEqualTo(200);
    }

    @Test
    void sampleDetectsTheFormatTheColumnsAndThePhoneColumn() {
        HttpResponse<String> response = api.send("POST", "/api/v1/connectors/sample",
                "first_name;Mobile_Phone;code\r\nann;0476123456;A1\r\nbob;0476123457;B2\r\n", TOKEN, "text/csv");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode sample = AdminHttp.json(response.body());
        assertThat(sample.get("delimiter").asText()).isEqualTo(";");
        assertThat(sample.get("encoding").asText()).isEqualTo("UTF-8");
        assertThat(sample.get("lineEnding").asText()).isEqualTo("CRLF");
        assertThat(sample.get("columns").toString()).isEqualTo("[\"first_name\",\"Mobile_Phone\",\"code\"]");
        assertThat(sample.get("invalidColumns")).isEmpty();
        assertThat(sample.get("phoneColumn").asText()).isEqualTo("Mobile_Phone");
        assertThat(sample.get("rows").asLong()).isEqualTo(2);
        assertThat(sample.get("problem").isNull()).isTrue();
    }

    @Test
    void sampleListsRefusedColumnNamesWithTheReasonAndNoPhoneColumnWhenNoneMatches() {
        byte[] windows1252 = "name,first name,,name\nJos\u00e9,a,b,c\n".getBytes(java.nio.charset.Charset.forName("windows-1252"));
        HttpResponse<String> response = api.sendBytes("POST", "/api/v1/connectors/sample", windows1252, TOKEN, "text/csv");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode sample = AdminHttp.json(response.body());
        assertThat(sample.get("delimiter").asText()).isEqualTo(",");
        assertThat(sample.get("encoding").asText()).isEqualTo("windows-1252");
        assertThat(sample.get("invalidColumns").findValuesAsText("name")).containsExactly("first name", "", "name");
        assertThat(sample.get("invalidColumns").findValuesAsText("reason")).allSatisfy(r -> assertThat(r).isNotBlank());
        assertThat(sample.get("phoneColumn").isNull()).isTrue();
        assertThat(sample.get("problem").asText()).contains("header is refused");

        HttpResponse<String> empty = api.sendBytes("POST", "/api/v1/connectors/sample", new byte[0], TOKEN, "text/csv");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(AdminHttp.json(empty.body()).get("errors").findValuesAsText("field")).containsExactly("sample");
    }

    @Test
    void previewShowsTheFirstThreeMessagesAndEveryRefusedRowWithItsStatusCode() {
        String sample = String.join("\n",
                "phone;first_name;code",
                "0476123456;ann;A1",                 // 1: sent
                "hello;bob;B2",                      // 2: 821 invalid phone
                "+32 476 12 34 56;ann;A1",           // 3: 810 same recipient as row 1
                ";carl;C3",                          // 4: 820 empty phone
                "0476123457;\u0141ukasz;L4",         // 5: sent, UCS-2 (\u0141 is not GSM-7)
                "0476123458;dan;" + "x".repeat(400), // 6: 802 more parts than allowed
                "0476123459;eve;E5",                 // 7: sent
                "0476123450;fay;F6",                 // 8: sent, but not among the first 3
                "0476123451;gus;G7;extra") + "\n";   // 9: 822 more fields than the header
        ObjectNode request = Json.mapper().createObjectNode();
        request.put("template", "Hello {{ first_name | capitalize }}, your code is {{ code }}{{ missing }}");
        request.putObject("mapping").put("phoneColumn", "phone").put("defaultCountry", "BE");
        request.putObject("options").put("maxParts", 2).put("dedupeWithinFile", true).put("dedupeAcrossFilesDays", 0);
        request.put("sample", sample);

        JsonNode preview = api.expect(200, "POST", "/api/v1/connectors/preview", request.toString());

        JsonNode messages = preview.get("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(0).get("phone").asText()).isEqualTo("32476123456");
        assertThat(messages.get(0).get("text").asText()).isEqualTo("Hello Ann, your code is A1");
        assertThat(messages.get(0).get("encoding").asText()).isEqualTo("GSM7");
        assertThat(messages.get(0).get("parts").asInt()).isEqualTo(1);
        assertThat(messages.get(1).get("text").asText()).isEqualTo("Hello \u0141ukasz, your code is L4");
        assertThat(messages.get(1).get("encoding").asText()).isEqualTo("UCS2");
        assertThat(messages.get(2).get("rowNumber").asInt()).isEqualTo(7);
        assertThat(preview.get("messageCount").asInt()).isEqualTo(4);
        assertThat(preview.get("rows").asInt()).isEqualTo(9);
        JsonNode refused = preview.get("refused");
        assertThat(refused.findValuesAsText("rowNumber")).containsExactly("2", "3", "4", "6", "9");
        assertThat(refused.findValuesAsText("statusCode")).containsExactly("821", "810", "820", "802", "822");
        assertThat(refused.get(0).get("statusReason").asText()).isEqualTo("821-invalid-phone");
        assertThat(refused.findValuesAsText("detail")).allSatisfy(d -> assertThat(d).isNotBlank());
        assertThat(preview.get("warnings").findValuesAsText("reason")).singleElement().asString().contains("missing");
        assertThat(preview.get("repeatedFileWindow").asText()).as("the default in force").isEqualTo("PT24H");
    }

    @Test
    void theRepeatedFileWindowAndExpiryAreOptionsKeptAsIsoDurationsAndShownByThePreview() throws Exception {
        ObjectNode request = (ObjectNode) Json.mapper().readTree(VALID);
        ((ObjectNode) request.get("options")).put("repeatedFileWindow", "PT12H").put("expireAfter", "P2D");

        JsonNode created = api.expect(201, "POST", "/api/v1/connectors", request.toString());
        JsonNode fetched = api.expect(200, "GET", "/api/v1/connectors/" + created.get("id").asText(), null);

        assertThat(created.get("options").get("repeatedFileWindow").asText()).isEqualTo("PT12H");
        assertThat(fetched.get("options").get("repeatedFileWindow").asText()).isEqualTo("PT12H");
        assertThat(fetched.get("options").get("expireAfter").asText()).isEqualTo("PT48H");
        ObjectNode preview = Json.mapper().createObjectNode();
        preview.put("template", "Hi");
        preview.putObject("mapping").put("phoneColumn", "phone");
        preview.putObject("options").put("maxParts", 1).put("repeatedFileWindow", "PT0S").put("expireAfter", "PT4H");
        preview.put("sample", "phone\n0476123456\n");
        JsonNode previewed = api.expect(200, "POST", "/api/v1/connectors/preview", preview.toString());
        assertThat(previewed.get("repeatedFileWindow").asText()).isEqualTo("PT0S");
        assertThat(previewed.get("expireAfter").asText()).isEqualTo("PT4H");
    }

    @Test
    void previewRefusesASampleWithoutThePhoneColumnAndATemplateThatDoesNotParse() {
        ObjectNode request = Json.mapper().createObjectNode();
        request.put("template", "Hello\n{% if x %}");
        request.putObject("mapping").put("phoneColumn", "phone");
        request.put("sample", "mobile,name\n0476123456,ann\n");
        JsonNode errors = api.expect(400, "POST", "/api/v1/connectors/preview", request.toString()).get("errors");
        assertThat(errors.findValuesAsText("field")).containsExactly("template");

        request.put("template", "Hello");
        errors = api.expect(400, "POST", "/api/v1/connectors/preview", request.toString()).get("errors");
        assertThat(errors.findValuesAsText("field")).containsExactly("mapping.phoneColumn");
        assertThat(errors.findValuesAsText("reason").get(0)).contains("mobile, name");
    }

    @Test
    void eachInvalidFieldIsAnsweredWithItsReason() {
        assertRefused(r -> r.put("template", "Hello\n{{ first_name "), "template", "line 2");
        assertRefused(r -> r.set("columns", Json.mapper().valueToTree(List.of("phone", "first_name"))),
                "template", "unknown column at line 1: 'code'");
        assertRefused(r -> r.set("columns", Json.mapper().valueToTree(List.of("gsm", "first_name", "code"))),
                "mapping.phoneColumn", "'phone' is not one of the columns gsm, first_name, code");
        assertRefused(r -> ((ObjectNode) r.get("options")).put("maxParts", 11), "options.maxParts", "between 1 and 10");
        assertRefused(r -> ((ObjectNode) r.get("options")).put("maxParts", 0), "options.maxParts", "between 1 and 10");
        assertRefused(r -> ((ObjectNode) r.get("options")).put("repeatedFileWindow", "P31D"), "options.repeatedFileWindow",
                "must be between PT0S (off) and PT720H (30 days), not PT744H");
        assertRefused(r -> ((ObjectNode) r.get("options")).put("repeatedFileWindow", "-PT1H"), "options.repeatedFileWindow",
                "must be between PT0S (off)");
        assertRefused(r -> ((ObjectNode) r.get("options")).put("expireAfter", "2 hours"), "options.expireAfter",
                "must be an ISO-8601 duration such as PT30M, PT12H or P2D, not \"2 hours\"");
        assertRefused(r -> ((ObjectNode) r.get("options")).put("expireAfter", "P31D"), "options.expireAfter",
                "must be an ISO-8601 duration between PT1M and PT720H (30 days), or absent for no expiry, not PT744H");
        assertRefused(r -> ((ObjectNode) r.get("options")).put("expireAfter", "PT0S"), "options.expireAfter", "between PT1M");
        assertRefused(r -> ((ObjectNode) r.get("options")).put("priority", 11), "options.priority", "between 1 and 10");
        assertRefused(r -> ((ObjectNode) r.get("options")).put("priority", 0), "options.priority", "between 1 and 10");
        assertRefused(r -> ((ObjectNode) r.get("options")).put("maxMessagesPerSecond", 0), "options.maxMessagesPerSecond",
                "between 1 and");
        assertRefused(r -> ((ObjectNode) r.get("options").get("calendar")).put("timezone", "Mars/Olympus"),
                "options.calendar.timezone", "unknown time zone 'Mars/Olympus'");
        assertRefused(r -> r.put("sender", "ACME PROMOTIONS"), "sender", "too long");
        assertRefused(r -> r.put("sender", "+3247612345678901"), "sender", "too long");
        assertRefused(r -> ((ObjectNode) r.get("mapping")).put("defaultCountry", "XX"), "mapping.defaultCountry", "ISO 3166");
        assertRefused(r -> ((ObjectNode) r.get("options")).put("dedupeAcrossFilesDays", -1), "options.dedupeAcrossFilesDays", "0 (off)");
        assertRefused(r -> ((ObjectNode) r.get("options").get("calendar").get("windows").get(0)).put("to", "09:00"),
                "options.calendar.windows[0]", "from and to are the same time");
        assertRefused(r -> ((ObjectNode) r.get("options").get("calendar").get("windows").get(0)).put("from", "9h"),
                "options.calendar.windows[0].from", "HH:mm");
        assertRefused(r -> r.put("name", ""), "name", "required");
        assertRefused(r -> r.putObject("webhook").put("url", "ftp://example.test/hook"), "webhook.url", "https URL");
        assertRefused(r -> ((ObjectNode) r.get("access")).putArray("publicKeys").add("ssh-ed25519 AAAA"),
                "access.publicKeys", "only for auth PUBLIC_KEY");
        String key = SshKeys.publicLine(SshKeys.generate(keys, "ftps", "ed25519", 0));
        assertRefused(r -> r.set("access", access("FTPS", key)), "access.auth", "SFTP only");
        String[] parts = key.split(" ");
        assertRefused(r -> r.set("access", access("SFTP", parts[0] + " " + parts[1].substring(0, 40))),
                "access.publicKeys[0]", "not a readable OpenSSH public key");
        String rsa1024 = SshKeys.publicLine(SshKeys.generate(keys, "rsa1024", "rsa", 1024));
        assertRefused(r -> r.set("access", access("SFTP", rsa1024)), "access.publicKeys[0]", "too weak");
    }

    @Test
    void allInvalidFieldsAreListedAtOnce() {
        String invalid = """
                { "name": "x", "sender": "A VERY LONG SENDER NAME",
                  "mapping": { "phoneColumn": "phone number", "defaultCountry": "XX" },
                  "template": "Hello {{ name ",
                  "options": { "maxParts": 11, "dedupeWithinFile": true, "dedupeAcrossFilesDays": 0,
                               "calendar": { "timezone": "Mars/Olympus", "windows": [], "closedDates": [] } },
                  "access": { "protocol": "FTPS", "auth": "PUBLIC_KEY", "publicKeys": ["not a key"] } }
                """;
        JsonNode errors = api.expect(400, "POST", "/api/v1/connectors", invalid).get("errors");
        assertThat(errors.findValuesAsText("field")).containsExactlyInAnyOrder("sender", "mapping.phoneColumn",
                "mapping.defaultCountry", "template", "options.maxParts", "options.calendar.timezone", "access.auth",
                "access.publicKeys[0]");
        assertThat(errors.findValuesAsText("reason")).allSatisfy(r -> assertThat(r).isNotBlank());
    }

    @Test
    void malformedJsonIs400NotAStackTrace() {
        HttpResponse<String> response = api.send("POST", "/api/v1/connectors", "{ \"name\": ");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("not valid JSON").doesNotContain("at com.fasterxml");
    }

    @Test
    void unknownConnectorIs404ForEveryConnectorRoute() {
        assertThat(api.send("GET", "/api/v1/connectors/nope", null).statusCode()).isEqualTo(404);
        assertThat(api.send("PUT", "/api/v1/connectors/nope", VALID).statusCode()).isEqualTo(404);
        assertThat(api.send("DELETE", "/api/v1/connectors/nope", null).statusCode()).isEqualTo(404);
        assertThat(api.send("POST", "/api/v1/connectors/nope/credentials", null).statusCode()).isEqualTo(404);
    }

    @Test
    void updateReplacesTheDescriptionAndKeepsIdUsernamePasswordHashAndCreationTime() throws Exception {
        JsonNode created = api.expect(201, "POST", "/api/v1/connectors", VALID);
        String id = created.get("id").asText();
        Connector before = kafka.awaitValues(Topics.CONNECTORS, Connector.class, c -> c.id().equals(id), 1,
                Duration.ofSeconds(10)).get(0);

        ObjectNode change = (ObjectNode) Json.mapper().readTree(VALID);
        change.put("name", "autumn-promo").put("template", "Bonjour {{ first_name }}").put("sender", "ACME2");
        change.remove("access");
        JsonNode updated = api.expect(200, "PUT", "/api/v1/connectors/" + id, change.toString());

        assertThat(updated.get("id").asText()).isEqualTo(id);
        assertThat(updated.get("name").asText()).isEqualTo("autumn-promo");
        assertThat(updated.get("access").get("username").asText()).isEqualTo(created.get("access").get("username").asText());
        assertThat(updated.get("createdAt").asText()).isEqualTo(created.get("createdAt").asText());
        assertThat(updated.has("credentials") && !updated.get("credentials").isNull()).isFalse();
        JsonNode fetched = api.expect(200, "GET", "/api/v1/connectors/" + id, null);
        assertThat(fetched.get("template").asText()).isEqualTo("Bonjour {{ first_name }}");
        assertThat(fetched.get("sender").asText()).isEqualTo("ACME2");
        List<Connector> versions = kafka.awaitValues(Topics.CONNECTORS, Connector.class, c -> c.id().equals(id), 2,
                Duration.ofSeconds(10));
        Connector after = versions.get(1);
        assertThat(after.access().passwordHash()).isEqualTo(before.access().passwordHash());
        assertThat(after.access().username()).isEqualTo(before.access().username());
        assertThat(after.createdAt()).isEqualTo(before.createdAt());
        assertThat(after.updatedAt()).isAfterOrEqualTo(before.updatedAt());
        assertThat(after.template()).isEqualTo("Bonjour {{ first_name }}");

        change.putObject("access").put("protocol", "SFTP").put("auth", "PUBLIC_KEY");
        JsonNode errors = api.expect(400, "PUT", "/api/v1/connectors/" + id, change.toString()).get("errors");
        assertThat(errors.findValuesAsText("field")).containsExactly("access.auth");
        change.put("sender", "MUCH TOO LONG SENDER").remove("access");
        errors = api.expect(400, "PUT", "/api/v1/connectors/" + id, change.toString()).get("errors");
        assertThat(errors.findValuesAsText("field")).containsExactly("sender");
    }

    @Test
    void deleteWritesATombstoneAndTheConnectorIsGone() {
        String id = api.expect(201, "POST", "/api/v1/connectors", VALID).get("id").asText();

        HttpResponse<String> deleted = api.send("DELETE", "/api/v1/connectors/" + id, null);

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(api.send("GET", "/api/v1/connectors/" + id, null).statusCode()).isEqualTo(404);
        assertThat(api.send("DELETE", "/api/v1/connectors/" + id, null).statusCode()).isEqualTo(404);
        assertThat(api.send("GET", "/api/v1/connectors", null).body()).doesNotContain(id);
        List<ConsumerRecord<byte[], byte[]>> records = RawTopic.records(kafka.settings(), Topics.CONNECTORS).stream()
                .filter(r -> id.equals(new String(r.key(), StandardCharsets.UTF_8))).toList();
        assertThat(records).hasSize(2);
        assertThat(records.get(1).value()).isNull();
    }

    @Test
    void rotationGivesANewPasswordOnceAndOnlyItsHashIsStored() {
        JsonNode created = api.expect(201, "POST", "/api/v1/connectors", VALID);
        String id = created.get("id").asText();
        String oldPassword = created.get("credentials").get("password").asText();

        JsonNode rotated = api.expect(200, "POST", "/api/v1/connectors/" + id + "/credentials", null);

        String newPassword = rotated.get("credentials").get("password").asText();
        assertThat(newPassword).hasSizeGreaterThanOrEqualTo(24).isNotEqualTo(oldPassword);
        assertThat(rotated.get("credentials").get("username").asText())
                .isEqualTo(created.get("credentials").get("username").asText());
        Connector stored = kafka.awaitValues(Topics.CONNECTORS, Connector.class, c -> c.id().equals(id), 2,
                Duration.ofSeconds(10)).get(1);
        assertThat(PasswordHash.matches(newPassword, stored.access().passwordHash())).isTrue();
        assertThat(PasswordHash.matches(oldPassword, stored.access().passwordHash())).isFalse();
        assertThat(api.send("GET", "/api/v1/connectors/" + id, null).body()).doesNotContain(newPassword);

        JsonNode refused = api.expect(400, "POST", "/api/v1/connectors/" + id + "/credentials",
                "{ \"publicKeys\": [\"ssh-ed25519 AAAA\"] }");
        assertThat(refused.get("errors").findValuesAsText("field")).containsExactly("publicKeys");
    }

    @Test
    void rotationReplacesThePublicKeysOfAKeyLoginConnector() throws Exception {
        String ed25519 = SshKeys.publicLine(SshKeys.generate(keys, "first", "ed25519", 0));
        String ecdsa = SshKeys.publicLine(SshKeys.generate(keys, "second", "ecdsa", 384));
        ObjectNode request = (ObjectNode) Json.mapper().readTree(VALID);
        request.set("access", access("SFTP", ed25519));
        JsonNode created = api.expect(201, "POST", "/api/v1/connectors", request.toString());
        String id = created.get("id").asText();
        assertThat(created.get("credentials").get("password").isNull()).isTrue();
        assertThat(created.get("access").get("publicKeys").get(0).asText()).isEqualTo(ed25519);

        JsonNode rotated = api.expect(200, "POST", "/api/v1/connectors/" + id + "/credentials",
                "{ \"publicKeys\": [" + Json.mapper().writeValueAsString(ecdsa) + "] }");

        assertThat(rotated.get("publicKeys").toString()).isEqualTo("[" + Json.mapper().writeValueAsString(ecdsa) + "]");
        assertThat(api.expect(200, "GET", "/api/v1/connectors/" + id, null).get("access").get("publicKeys").get(0).asText())
                .isEqualTo(ecdsa);
        JsonNode refused = api.expect(400, "POST", "/api/v1/connectors/" + id + "/credentials",
                "{ \"publicKeys\": [\"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBad\"] }");
        assertThat(refused.get("errors").findValuesAsText("field")).containsExactly("publicKeys[0]");
        refused = api.expect(400, "POST", "/api/v1/connectors/" + id + "/credentials", null);
        assertThat(refused.get("errors").findValuesAsText("field")).containsExactly("publicKeys");
    }

    @Test
    void ingestionReportsAreServedLatestFirst() {
        String file = TestKafka.unique("file");
        String connector = TestKafka.unique("conn");
        assertThat(api.send("GET", "/api/v1/ingestions/" + file, null).statusCode()).isEqualTo(404);
        var serializer = JsonSerde.of(IngestionReport.class).serializer();
        try (var producer = new KafkaProducer<>(kafka.settings().producer("test"), new StringSerializer(), new ByteArraySerializer())) {
            for (IngestionState state : List.of(IngestionState.ACCEPTED, IngestionState.COMPLETED)) {
                IngestionReport report = new IngestionReport(file, connector, "a.csv", state, null, 2, 0, Instant.now());
                producer.send(new ProducerRecord<>(Topics.INGESTIONS, file, serializer.serialize(Topics.INGESTIONS, report)));
            }
            producer.flush();
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api.send("GET", "/api/v1/ingestions/" + file, null).body()).contains("\"COMPLETED\""));
        assertThat(api.expect(200, "GET", "/api/v1/ingestions?connectorId=" + connector, null)).hasSize(1);
        assertThat(api.expect(400, "GET", "/api/v1/ingestions", null).get("errors").findValuesAsText("field"))
                .containsExactly("connectorId");
    }

    private void assertRefused(Consumer<ObjectNode> change, String field, String reason) {
        try {
            ObjectNode request = (ObjectNode) Json.mapper().readTree(VALID);
            change.accept(request);
            JsonNode errors = api.expect(400, "POST", "/api/v1/connectors", request.toString()).get("errors");
            assertThat(errors).as(request.toString()).hasSize(1);
            assertThat(errors.get(0).get("field").asText()).isEqualTo(field);
            assertThat(errors.get(0).get("reason").asText()).contains(reason);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ObjectNode access(String protocol, String key) {
        ObjectNode access = Json.mapper().createObjectNode().put("protocol", protocol).put("auth", "PUBLIC_KEY");
        access.putArray("publicKeys").add(key);
        return access;
    }
}
