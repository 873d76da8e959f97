package org.ftp2sms.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.ftp2sms.contract.IngestionState;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.Json;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.smsc.ReceivedSubmit;
import org.ftp2sms.testkit.OpenSshSftp;
import org.ftp2sms.testkit.TopicReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 17, end to end on standalone (embedded broker, SMSC simulator that injects replies, real OpenSSH uploads):
 * a STOP reply suppresses the phone for the next file, across a restart, until a START; a reply reaches only the
 * connector whose sender it answered.
 */
class SuppressionAndRepliesEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PHONE = "32476123456";
    private static final String OTHER = "32470112233";

    private StandaloneApp app;
    private HttpServer webhooks;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (webhooks != null) {
            webhooks.stop(0);
        }
    }

    @Test
    void aStopReplySuppressesThePhoneAcrossARestartUntilAStart(@TempDir Path dir) throws Exception {
        Map<String, String> settings = settings(dir);
        List<String[]> calls = startWebhooks();
        app = new StandaloneApp(settings).start();
        Connector shop = connector("stop-shop", "SHOP", "http://127.0.0.1:" + webhooks.getAddress().getPort() + "/shop");
        assertThat(finish(shop, upload(shop, dir, 1, PHONE)).statuses()).containsEntry(PHONE, "200-delivered");

        app.simulator().injectReply(PHONE, "SHOP", " Stop ");
        await().atMost(WAIT).untilAsserted(() -> assertThat(suppressed(shop.id())).containsExactly(PHONE));

        Finished second = finish(shop, upload(shop, dir, 2, PHONE, OTHER));
        assertThat(second.statuses()).containsEntry(PHONE, "840-suppressed").containsEntry(OTHER, "200-delivered");
        assertThat(submitsTo(PHONE)).as("no submit after the STOP").isEqualTo(1);
        // The report (the file's progress) and the day's status export show the refusal too.
        JsonNode progress = Json.mapper().readTree(admin("GET", "/api/v1/ingestions/" + second.fileIngestionId(), null, 200));
        assertThat(progress.path("refused").path("840-suppressed").asLong()).isEqualTo(1);
        assertThat(export(shop.id(), "status")).contains(second.fileIngestionId() + "-1," + PHONE + ",,,840,840-suppressed");
        await().atMost(WAIT).untilAsserted(() -> assertThat(events(calls, "/shop"))
                .contains("suppression-added " + PHONE, "status " + PHONE + " 840-suppressed"));

        app.close(); // the list is on Kafka: a new start reads it again
        app = new StandaloneApp(settings).start();
        assertThat(suppressed(shop.id())).containsExactly(PHONE);
        assertThat(finish(shop, upload(shop, dir, 3, PHONE)).statuses()).containsEntry(PHONE, "840-suppressed");

        // The restarted dispatcher still knows the conversation: START answers it and lifts the suppression.
        app.simulator().injectReply(PHONE, "SHOP", "START");
        await().atMost(WAIT).untilAsserted(() -> assertThat(suppressed(shop.id())).isEmpty());
        await().atMost(WAIT).untilAsserted(() -> assertThat(events(calls, "/shop")).contains("suppression-removed " + PHONE));
        assertThat(finish(shop, upload(shop, dir, 4, PHONE)).statuses()).containsEntry(PHONE, "200-delivered");
        assertThat(app.simulator().received()).filteredOn(r -> r.destination().equals(PHONE)).hasSize(1);
    }

    @Test
    void aReplyReachesOnlyTheConnectorWhoseSenderItAnswered(@TempDir Path dir) throws Exception {
        List<String[]> calls = startWebhooks();
        app = new StandaloneApp(settings(dir)).start();
        String base = "http://127.0.0.1:" + webhooks.getAddress().getPort();
        Connector a = connector("first-shop", "SHOPA", base + "/a");
        Connector b = connector("second-shop", "SHOPB", base + "/b");
        assertThat(finish(a, upload(a, dir, 1, PHONE)).statuses()).containsEntry(PHONE, "200-delivered");
        assertThat(finish(b, upload(b, dir, 1, PHONE)).statuses()).containsEntry(PHONE, "200-delivered"); // B wrote last

        app.simulator().injectReply(PHONE, "SHOPA", "Yes for A");
        app.simulator().injectReply(PHONE, "SHOPB", "Marker for B"); // after A's on the same partition: once B has it, B saw both
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(replyTexts(calls, "/a")).containsExactly("Yes for A");
            assertThat(replyTexts(calls, "/b")).containsExactly("Marker for B");
        });
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(export(a.id(), "received")).contains("Yes for A").doesNotContain("Marker for B");
            assertThat(export(b.id(), "received")).contains("Marker for B").doesNotContain("Yes for A");
        });
    }

    private record Connector(String id, String username, String password) {
    }

    /** Uploads one file with the OpenSSH client (on the current start's port); returns its name. */
    private String upload(Connector connector, Path dir, int n, String... phones) throws Exception {
        StringBuilder csv = new StringBuilder("phone;code\n");
        for (String phone : phones) {
            csv.append('+').append(phone).append(';').append(n).append('-').append(phone).append('\n');
        }
        String name = "file-" + n + ".csv";
        Path local = dir.resolve(connector.id() + "-" + name);
        Files.writeString(local, csv.toString(), StandardCharsets.UTF_8);
        OpenSshSftp sftp = OpenSshSftp.withPassword("127.0.0.1", app.sftpPort(), connector.username(), connector.password());
        OpenSshSftp.Result put = sftp.run("put " + local + " " + name);
        assertThat(put.ok()).as(put.output()).isTrue();
        return name;
    }

    private Connector connector(String name, String sender, String webhookUrl) throws Exception {
        String webhook = webhookUrl == null ? "" : ", \"webhook\": { \"url\": \"" + webhookUrl + "\", \"secret\": \"s3cret-s3cret-s3cret-s3cret\" }";
        JsonNode created = Json.mapper().readTree(admin("POST", "/api/v1/connectors", """
                { "name": "%s", "sender": "%s",
                  "mapping": { "phoneColumn": "phone", "defaultCountry": "BE" },
                  "template": "Your code is {{ code }}",
                  "options": { "maxParts": 1, "dedupeWithinFile": true, "dedupeAcrossFilesDays": 0 },
                  "access": { "protocol": "SFTP", "auth": "PASSWORD" }%s }
                """.formatted(name, sender, webhook), 201));
        JsonNode credentials = created.get("credentials");
        return new Connector(created.get("id").asText(), credentials.get("username").asText(),
                credentials.get("password").asText());
    }

    /** A processed file: its id, and the final status reason of each phone. */
    private record Finished(String fileIngestionId, Map<String, String> statuses) {
    }

    /** Waits until the connector's file named {@code fileName} is COMPLETED and every row final. */
    private Finished finish(Connector connector, String fileName) throws Exception {
        String[] fileIngestionId = new String[1];
        await().atMost(WAIT).untilAsserted(() -> {
            fileIngestionId[0] = null;
            for (JsonNode report : Json.mapper().readTree(admin("GET", "/api/v1/ingestions?connectorId=" + connector.id(), null, 200))) {
                if (report.get("fileName").asText().equals(fileName)) {
                    assertThat(report.get("state").asText()).isEqualTo(IngestionState.COMPLETED.name());
                    assertThat(report.get("finished").asBoolean()).isTrue();
                    fileIngestionId[0] = report.get("fileIngestionId").asText();
                }
            }
            assertThat(fileIngestionId[0]).as(fileName + " reported").isNotNull();
        });
        Map<String, String> byPhone = new TreeMap<>();
        for (Status s : new TopicReader(KafkaSettings.of(app.bootstrapServers())).valuesNow(Topics.STATUSES, Status.class,
                s -> s.fileIngestionId().equals(fileIngestionId[0]) && s.isFinal())) {
            byPhone.put(s.phone(), s.statusReason());
        }
        return new Finished(fileIngestionId[0], byPhone);
    }

    private List<String> suppressed(String connectorId) throws Exception {
        JsonNode list = Json.mapper().readTree(admin("GET", "/api/v1/suppressions?scope=" + connectorId, null, 200));
        return list.findValuesAsText("phone");
    }

    private long submitsTo(String phone) {
        return app.simulator().received().stream().map(ReceivedSubmit::destination).filter(phone::equals).count();
    }

    /** Today's {@code kind} export ({@code status} or {@code received}) of a connector, written now. */
    private String export(String connectorId, String kind) throws Exception {
        String date = LocalDate.now(ZoneOffset.UTC).toString();
        String[] content = new String[1];
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            admin("POST", "/api/v1/exports/" + connectorId + "/" + date, null, 202);
            content[0] = admin("GET", "/api/v1/exports/" + connectorId + "/files/" + kind + "_" + date + ".csv", null, 200);
        });
        return content[0];
    }

    /** A local webhook receiver answering 204; returns the calls it gets, as {path, body}. */
    private List<String[]> startWebhooks() throws java.io.IOException {
        List<String[]> calls = new CopyOnWriteArrayList<>();
        webhooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhooks.createContext("/", exchange -> {
            calls.add(new String[] {exchange.getRequestURI().getPath(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)});
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhooks.start();
        return calls;
    }

    /** The webhook events posted to {@code path}, as "type phone" (statuses: "status phone reason"). */
    private static List<String> events(List<String[]> calls, String path) throws Exception {
        List<String> events = new java.util.ArrayList<>();
        for (String[] call : calls) {
            JsonNode body = Json.mapper().readTree(call[1]);
            String type = body.get("type").asText();
            if (!call[0].equals(path)) {
                continue;
            }
            if (type.equals("status")) {
                events.add("status " + body.get("status").get("phone").asText() + " " + body.get("status").get("statusReason").asText());
            } else if (type.startsWith("suppression")) {
                events.add(type + " " + body.get("suppression").get("phone").asText());
            }
        }
        return events;
    }

    private static List<String> replyTexts(List<String[]> calls, String path) throws Exception {
        List<String> texts = new java.util.ArrayList<>();
        for (String[] call : calls) {
            JsonNode body = Json.mapper().readTree(call[1]);
            if (call[0].equals(path) && body.get("type").asText().equals("reply")) {
                texts.add(body.get("reply").get("message").asText());
            }
        }
        return texts;
    }

    private String admin(String method, String path, String body, int expectedStatus) throws Exception {
        return AdminCalls.send(app, method, path, body, expectedStatus);
    }

    private static Map<String, String> settings(Path dir) {
        return Map.of(
                "FTP2SMS_DATA_DIR", dir.resolve("data").toString(),
                "FTP2SMS_KAFKA_PORT", "0",
                "FTP2SMS_SFTP_PORT", "0",
                "FTP2SMS_FTPS_PORT", "0",
                "FTP2SMS_HTTP_PORT", "0",
                "FTP2SMS_HEALTH_PORT", "0",
                "FTP2SMS_WEBHOOK_ALLOW_HTTP", "true",
                "FTP2SMS_WEBHOOK_ALLOW_PRIVATE_ADDRESSES", "true");
    }
}
