package org.ftp2sms.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import org.ftp2sms.contract.IngestionState;
import org.ftp2sms.contract.MessageIds;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.Json;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.smsc.ReceivedSubmit;
import org.ftp2sms.smsc.SmscSimulator;
import org.ftp2sms.testkit.OpenSshSftp;
import org.ftp2sms.testkit.TopicReader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The walking skeleton's promise, end to end: a connector created over HTTP, a CSV uploaded with the real
 * OpenSSH client, and every row sent over SMPP or refused with a status, seen from the outside only.
 */
final class UploadScenario {
    private static final Duration PIPELINE_TIMEOUT = Duration.ofSeconds(60);
    private static final String CONNECTOR = """
            { "name": "e2e shop", "sender": "SHOP",
              "mapping": { "phoneColumn": "phone", "defaultCountry": "BE" },
              "template": "Hello {{ first_name | capitalize }}, your code is {{ code }}",
              "options": { "maxParts": 3, "dedupeWithinFile": true, "dedupeAcrossFilesDays": 0 },
              "access": { "protocol": "SFTP", "auth": "PASSWORD" } }
            """;
    /** Row 3 repeats row 1's recipient in another spelling; row 4 has no valid number. */
    private static final String CSV = """
            phone;first_name;code
            0476 12 34 56;ann;1111
            +32 470 11 22 33;bob;2222
            0032476123456;ann;3333
            not-a-number;carl;4444
            """;

    private final StandaloneApp app;

    UploadScenario(StandaloneApp app) {
        this.app = app;
    }

    /** What a finished scenario leaves for further checks. */
    record Outcome(String connectorId, String fileIngestionId, OpenSshSftp sftp, Status delivered) {
    }

    Outcome uploadBecomesDeliveredSms(Path workDir) throws Exception {
        JsonNode created = Json.mapper().readTree(admin("POST", "/api/v1/connectors", CONNECTOR, 201));
        String connectorId = created.get("id").asText();
        JsonNode credentials = created.get("credentials");
        OpenSshSftp sftp = OpenSshSftp.withPassword("127.0.0.1", credentials.get("port").asInt(),
                credentials.get("username").asText(), credentials.get("password").asText());
        Path csv = workDir.resolve("spring-promo.csv");
        Files.writeString(csv, CSV, StandardCharsets.UTF_8);

        OpenSshSftp.Result upload = sftp.run("put " + csv + " spring-promo.csv");
        assertThat(upload.ok()).as(upload.output()).isTrue();

        // Taken at once: gone from the customer's listing.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(sftp.list("/")).doesNotContain("spring-promo.csv"));

        JsonNode report = awaitCompletedReport(connectorId);
        String fileIngestionId = report.get("fileIngestionId").asText();
        assertThat(report.get("fileName").asText()).isEqualTo("spring-promo.csv");

        TopicReader statuses = new TopicReader(KafkaSettings.of(app.bootstrapServers()));
        String ann = MessageIds.of(fileIngestionId, 1);
        String bob = MessageIds.of(fileIngestionId, 2);
        List<Status> finals = statuses.awaitValues(Topics.STATUSES, Status.class,
                s -> s.fileIngestionId().equals(fileIngestionId) && s.isFinal(), 4, PIPELINE_TIMEOUT);
        assertThat(finals).hasSize(4);
        // Read again to the end: one final status per message, no late duplicate.
        List<Status> allFinals = statuses.valuesNow(Topics.STATUSES, Status.class,
                s -> s.fileIngestionId().equals(fileIngestionId) && s.isFinal());
        Map<String, Status> finalByMessage = allFinals.stream()
                .collect(Collectors.toMap(Status::messageId, Function.identity()));
        assertThat(finalByMessage).containsOnlyKeys(ann, bob, MessageIds.of(fileIngestionId, 3),
                MessageIds.of(fileIngestionId, 4));
        assertThat(finalByMessage.get(ann).statusCode()).isEqualTo(StatusCode.DELIVERED.code());
        assertThat(finalByMessage.get(ann).phone()).isEqualTo("32476123456");
        assertThat(finalByMessage.get(ann).deliveredAt()).isNotNull();
        assertThat(finalByMessage.get(bob).statusCode()).isEqualTo(StatusCode.DELIVERED.code());
        assertThat(finalByMessage.get(MessageIds.of(fileIngestionId, 3)).statusReason())
                .isEqualTo(StatusCode.DUPLICATE_IN_FILE.reason());
        assertThat(finalByMessage.get(MessageIds.of(fileIngestionId, 4)).statusReason())
                .isEqualTo(StatusCode.INVALID_PHONE.reason());
        assertThat(statuses.valuesNow(Topics.STATUSES, Status.class, s -> s.messageId().equals(ann)))
                .extracting(Status::statusCode).contains(StatusCode.SUBMITTED.code());

        SmscSimulator smsc = app.simulator();
        if (smsc != null) {
            List<ReceivedSubmit> sent = smsc.received().stream()
                    .filter(r -> r.destination().equals("32476123456") || r.destination().equals("32470112233"))
                    .toList();
            assertThat(sent).extracting(ReceivedSubmit::destination, ReceivedSubmit::text).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("32476123456", "Hello Ann, your code is 1111"),
                    org.assertj.core.groups.Tuple.tuple("32470112233", "Hello Bob, your code is 2222"));
            assertThat(sent).extracting(ReceivedSubmit::source).containsOnly("SHOP");
        }
        return new Outcome(connectorId, fileIngestionId, sftp, finalByMessage.get(ann));
    }

    /** Asks for that day's exports and downloads the status file over SFTP once it holds the delivered message. */
    String downloadStatusExport(Outcome outcome, Path workDir) throws Exception {
        String date = outcome.delivered().at().atZone(java.time.ZoneOffset.UTC).toLocalDate().toString();
        Path local = workDir.resolve("status_" + date + ".csv");
        String[] content = new String[1];
        // The request may overtake statuses still on their way to the aggregator: ask again until they are in.
        await().atMost(PIPELINE_TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            admin("POST", "/api/v1/exports/" + outcome.connectorId() + "/" + date, null, 202);
            Files.deleteIfExists(local);
            OpenSshSftp.Result get = outcome.sftp().run("get exports/status_" + date + ".csv " + local);
            assertThat(get.ok()).as(get.output()).isTrue();
            content[0] = Files.readString(local);
            assertThat(content[0]).contains(outcome.delivered().messageId());
        });
        return content[0];
    }

    private JsonNode awaitCompletedReport(String connectorId) throws Exception {
        JsonNode[] completed = new JsonNode[1];
        await().atMost(PIPELINE_TIMEOUT).untilAsserted(() -> {
            JsonNode reports = Json.mapper().readTree(admin("GET", "/api/v1/ingestions?connectorId=" + connectorId, null, 200));
            assertThat(reports).hasSize(1);
            assertThat(reports.get(0).get("state").asText()).isEqualTo(IngestionState.COMPLETED.name());
            completed[0] = reports.get(0);
        });
        // rows counts every data line of the file; invalidRows those refused before sending.
        assertThat(completed[0].get("rows").asLong()).isEqualTo(4);
        assertThat(completed[0].get("invalidRows").asLong()).isEqualTo(1);
        return completed[0];
    }

    private String admin(String method, String path, String body, int expectedStatus) throws Exception {
        return AdminCalls.send(app, method, path, body, expectedStatus);
    }

}
