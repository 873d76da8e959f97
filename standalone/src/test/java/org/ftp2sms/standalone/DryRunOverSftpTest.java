package org.ftp2sms.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
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

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dry run as a customer who only speaks SFTP sees it: a file put into {@code preview/} with the real OpenSSH client
 * sends nothing, and {@code exports/preview_<name>.csv}, downloaded over SFTP, says per row what would be sent or which
 * refusal it would get, for every refusal of the pipeline; a later real file is not a duplicate of the preview.
 */
class DryRunOverSftpTest {
    private static final Duration PIPELINE_TIMEOUT = Duration.ofSeconds(90);
    /** One part at most; a {@code big} value doubled 12 times passes the template's value limit (804). */
    private static final String CONNECTOR = """
            { "name": "dry run shop", "sender": "SHOP",
              "mapping": { "phoneColumn": "phone", "defaultCountry": "BE" },
              "template": "{{ text }}{% if big != '' %}{% assign s = big %}{% for i in (1..12) %}{% assign s = s | append: s %}{% endfor %}{% endif %}",
              "options": { "maxParts": 1, "dedupeWithinFile": true, "dedupeAcrossFilesDays": 7 },
              "access": { "protocol": "SFTP", "auth": "PASSWORD" } }
            """;
    private static final String SENT_BEFORE = "32470000001";
    private static final String NEW_RECIPIENT = "32470000002";
    /** Row n of the preview, and what it must show. */
    private static final String PREVIEW = String.join("\n",
            "phone;text;big",
            "0470 00 00 01;already sent this week;",        // 1: 811, sent by the real file before
            "0470 00 00 02;Hello Ann;",                     // 2: would be sent, GSM7
            "not-a-number;Hello Bob;",                      // 3: 821
            "+32 470 00 00 02;Hello Ann again;",            // 4: 810, row 2's recipient
            "0470 00 00 03;" + "x".repeat(200) + ";",       // 5: 802, two parts
            "0470 00 00 04;Hi;xxxxxxxxxx",                  // 6: 804, the template's value limit
            "0470 00 00 05;;",                              // 7: 803, nothing to send
            ";Hello nobody;",                               // 8: 820
            "0470 00 00 06;too;many;fields",                // 9: 822
            "0470 00 00 07;Cześć Łukasz;",                  // 10: would be sent, UCS2
            "");

    private StandaloneApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aFileInPreviewSendsNothingAndComesBackAsAPreviewExportWithEveryRefusal(@TempDir Path dir) throws Exception {
        app = new StandaloneApp(Map.of(
                "FTP2SMS_DATA_DIR", dir.resolve("data").toString(),
                "FTP2SMS_KAFKA_PORT", "0",
                "FTP2SMS_SFTP_PORT", "0",
                "FTP2SMS_FTPS_PORT", "0",
                "FTP2SMS_HTTP_PORT", "0",
                "FTP2SMS_HEALTH_PORT", "0")).start();
        JsonNode created = Json.mapper().readTree(AdminCalls.send(app, "POST", "/api/v1/connectors", CONNECTOR, 201));
        String connectorId = created.get("id").asText();
        JsonNode credentials = created.get("credentials");
        OpenSshSftp sftp = OpenSshSftp.withPassword("127.0.0.1", credentials.get("port").asInt(),
                credentials.get("username").asText(), credentials.get("password").asText());
        assertThat(sftp.list("/")).contains("preview", "exports");

        // A real file first: its recipient is then a duplicate across files for the preview.
        put(sftp, dir, "week.csv", "week.csv", "phone;text;big\n0470 00 00 01;Your order shipped;\n");
        app.simulator().awaitReceived(r -> r.destination().equals(SENT_BEFORE), 1, PIPELINE_TIMEOUT);
        awaitFinal(connectorId, "week.csv", IngestionState.COMPLETED);
        int submitsBefore = app.simulator().received().size();

        put(sftp, dir, "campaign.csv", "preview/campaign.csv", PREVIEW);

        List<CSVRecord> preview = download(sftp, dir, "preview_campaign.csv");
        assertThat(preview.get(0).values()).containsExactly(
                "rowNumber", "phone", "text", "encoding", "parts", "result", "statusCode", "statusReason");
        Map<String, List<String>> byRow = preview.stream().skip(1)
                .collect(Collectors.toMap(r -> r.get(0), r -> List.of(r.values()).subList(1, 8)));
        assertThat(byRow).hasSize(10);
        assertThat(byRow.get("1")).containsExactly(SENT_BEFORE, "", "", "", "refused", "811", StatusCode.DUPLICATE_ACROSS_FILES.reason());
        assertThat(byRow.get("2")).containsExactly(NEW_RECIPIENT, "Hello Ann", "GSM7", "1", "send", "", "");
        assertThat(byRow.get("3")).containsExactly("not-a-number", "", "", "", "refused", "821", StatusCode.INVALID_PHONE.reason());
        assertThat(byRow.get("4")).containsExactly(NEW_RECIPIENT, "", "", "", "refused", "810", StatusCode.DUPLICATE_IN_FILE.reason());
        assertThat(byRow.get("5")).containsExactly("32470000003", "", "", "", "refused", "802",
                StatusCode.MESSAGE_PARTS_EXCEEDED.reason());
        assertThat(byRow.get("6")).containsExactly("32470000004", "", "", "", "refused", "804", StatusCode.TEMPLATE_ERROR.reason());
        assertThat(byRow.get("7")).containsExactly("32470000005", "", "", "", "refused", "803", StatusCode.EMPTY_MESSAGE.reason());
        assertThat(byRow.get("8")).containsExactly("", "", "", "", "refused", "820", StatusCode.EMPTY_PHONE.reason());
        assertThat(byRow.get("9")).element(5).isEqualTo("822");
        assertThat(byRow.get("10")).containsExactly("32470000007", "Cześć Łukasz", "UCS2", "1", "send", "", "");

        // Its report says DRY_RUN, and nothing reached the SMSC: no submit, no submitted status.
        JsonNode report = awaitFinal(connectorId, "campaign.csv", IngestionState.DRY_RUN);
        assertThat(report.get("rows").asLong()).isEqualTo(10);
        assertThat(report.get("finished").asBoolean()).isTrue();
        String previewId = report.get("fileIngestionId").asText();
        assertThat(app.simulator().received()).hasSize(submitsBefore);
        TopicReader topics = new TopicReader(KafkaSettings.of(app.bootstrapServers()));
        assertThat(topics.valuesNow(Topics.STATUSES, Status.class, s -> previewId.equals(s.fileIngestionId())))
                .extracting(Status::statusCode).allSatisfy(code -> assertThat(code).isGreaterThanOrEqualTo(800));

        // The preview's recipients are not remembered: a real file to one of them is sent.
        put(sftp, dir, "next.csv", "next.csv", "phone;text;big\n0470 00 00 02;Hello Ann;\n");
        assertThat(app.simulator().awaitReceived(r -> r.destination().equals(NEW_RECIPIENT), 1, PIPELINE_TIMEOUT))
                .extracting(ReceivedSubmit::text).containsExactly("Hello Ann");
        assertThat(app.simulator().received()).hasSize(submitsBefore + 1);
    }

    private static void put(OpenSshSftp sftp, Path dir, String localName, String remotePath, String content) throws Exception {
        Path local = dir.resolve(localName);
        Files.writeString(local, content, StandardCharsets.UTF_8);
        OpenSshSftp.Result put = sftp.run("put " + local + " " + remotePath);
        assertThat(put.ok()).as(put.output()).isTrue();
    }

    private static List<CSVRecord> download(OpenSshSftp sftp, Path dir, String name) throws Exception {
        Path local = dir.resolve("downloaded-" + name);
        await().atMost(PIPELINE_TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(sftp.list("/exports")).contains(name);
            OpenSshSftp.Result get = sftp.run("get exports/" + name + " " + local);
            assertThat(get.ok()).as(get.output()).isTrue();
        });
        try (var parser = CSVFormat.RFC4180.parse(new StringReader(Files.readString(local, StandardCharsets.UTF_8)))) {
            return parser.getRecords();
        }
    }

    private JsonNode awaitFinal(String connectorId, String fileName, IngestionState state) throws Exception {
        JsonNode[] found = new JsonNode[1];
        await().atMost(PIPELINE_TIMEOUT).untilAsserted(() -> {
            JsonNode reports = Json.mapper().readTree(AdminCalls.send(app, "GET",
                    "/api/v1/ingestions?connectorId=" + connectorId, null, 200));
            JsonNode file = null;
            for (JsonNode r : reports) {
                if (fileName.equals(r.get("fileName").asText())) {
                    file = r;
                }
            }
            assertThat(file).as(reports.toString()).isNotNull();
            assertThat(file.get("state").asText()).isEqualTo(state.name());
            found[0] = file;
        });
        return found[0];
    }
}
