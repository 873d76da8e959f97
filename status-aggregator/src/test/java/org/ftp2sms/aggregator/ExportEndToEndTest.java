package org.ftp2sms.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.ftp2sms.admin.AdminSettings;
import org.ftp2sms.admin.ConnectorAdminStage;
import org.ftp2sms.contract.IngestionReport;
import org.ftp2sms.contract.IngestionState;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.Reply;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.Json;
import org.ftp2sms.dedupe.DedupeSettings;
import org.ftp2sms.dedupe.DedupeStage;
import org.ftp2sms.dispatcher.DispatcherSettings;
import org.ftp2sms.dispatcher.DispatcherStage;
import org.ftp2sms.gateway.FtpGatewayStage;
import org.ftp2sms.gateway.GatewaySettings;
import org.ftp2sms.renderer.RendererSettings;
import org.ftp2sms.renderer.RendererStage;
import org.ftp2sms.service.Env;
import org.ftp2sms.smsc.SmscSimulator;
import org.ftp2sms.smsc.SmscSimulatorSettings;
import org.ftp2sms.splitter.RowSplitterSettings;
import org.ftp2sms.splitter.RowSplitterStage;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.PipelineVars;
import org.ftp2sms.testkit.RunningStages;
import org.ftp2sms.testkit.OpenSshSftp;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole pipeline on the test broker: a file uploaded over SFTP with the real OpenSSH client goes through the
 * gateway, row-splitter, dedupe, renderer and dispatcher to the SMSC simulator; a reply is injected; the export of
 * the day is requested through the admin API; both files are downloaded over SFTP from {@code exports/} and every
 * column of every row is checked against the events and the uploaded file.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ExportEndToEndTest {
    private static final String TOKEN = "export-e2e-token-0123456789abcdef0123";
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dataDir;
    @TempDir
    Path work;

    private final RunningStages stages = new RunningStages();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        stages.close();
    }

    @Test
    void bothExportsDownloadedOverSftpHoldEveryRowWithEveryColumn(TestKafka kafka) throws Exception {
        Map<String, String> vars = PipelineVars.isolated(kafka, dataDir, "export-e2e");
        vars.putAll(Map.of(
                "FTP2SMS_SMSC_SIM_PORT", "0",
                "FTP2SMS_SMSC_SIM_RECEIPT_DELAY", "50",
                "FTP2SMS_SMSC_HOST", "127.0.0.1",
                "FTP2SMS_AGGREGATOR_APPLICATION_ID", TestKafka.unique("aggregator"),
                "FTP2SMS_WEBHOOK_GROUP_ID", TestKafka.unique("webhooks"),
                "FTP2SMS_EXPORT_CHECK_INTERVAL", "PT1S",
                "FTP2SMS_HTTP_PORT", "0",
                "FTP2SMS_ADMIN_TOKEN", TOKEN,
                "FTP2SMS_PUBLIC_HOST", "127.0.0.1"));
        SmscSimulator smsc = stages.start(new SmscSimulator(SmscSimulatorSettings.fromEnv(new Env(vars)), new SimpleMeterRegistry()));
        vars.put("FTP2SMS_SMSC_PORT", String.valueOf(smsc.port()));
        FtpGatewayStage gateway = stages.start(new FtpGatewayStage(GatewaySettings.fromEnv(new Env(vars)), new SimpleMeterRegistry()));
        vars.put("FTP2SMS_PUBLIC_SFTP_PORT", String.valueOf(gateway.sftpPort()));
        Env env = new Env(vars);
        stages.start(new RowSplitterStage(RowSplitterSettings.fromEnv(env), new SimpleMeterRegistry()));
        stages.start(new DedupeStage(DedupeSettings.fromEnv(env), new SimpleMeterRegistry()));
        stages.start(new RendererStage(RendererSettings.fromEnv(env), new SimpleMeterRegistry()));
        stages.start(new DispatcherStage(DispatcherSettings.fromEnv(env), new SimpleMeterRegistry()));
        stages.start(new StatusAggregatorStage(StatusAggregatorSettings.fromEnv(env), new SimpleMeterRegistry()));
        ConnectorAdminStage admin = stages.start(new ConnectorAdminStage(AdminSettings.fromEnv(env), new SimpleMeterRegistry()));

        JsonNode created = post(admin, "/api/v1/connectors", """
                { "name": "export-e2e", "sender": "ACME",
                  "mapping": { "phoneColumn": "phone", "defaultCountry": "BE" },
                  "template": "Hello {{ first_name }}, your code is {{ code }}",
                  "access": { "protocol": "SFTP", "auth": "PASSWORD" } }
                """, 201);
        String connectorId = created.get("id").asText();
        JsonNode credentials = created.get("credentials");
        OpenSshSftp customer = OpenSshSftp.withPassword(credentials.get("host").asText(), credentials.get("port").asInt(),
                credentials.get("username").asText(), credentials.get("password").asText());

        Path upload = Files.writeString(work.resolve("promo.csv"),
                "phone;first_name;code\n0476123456;Ann;A1\n0476123457;Bob;B2\n12;Carl;C3\n");
        assertThat(customer.run("put " + upload).ok()).isTrue();

        IngestionReport completed = kafka.awaitValues(Topics.INGESTIONS, IngestionReport.class,
                r -> connectorId.equals(r.connectorId()) && r.state() == IngestionState.COMPLETED, 1, WAIT).get(0);
        String fileId = completed.fileIngestionId();
        List<Status> finals = kafka.awaitValues(Topics.STATUSES, Status.class,
                s -> connectorId.equals(s.connectorId()) && s.isFinal(), 3, WAIT);
        List<Message> messages = kafka.awaitValues(Topics.MESSAGES, Message.class, m -> connectorId.equals(m.connectorId()), 2, WAIT);
        Message toAnn = messages.stream().filter(m -> m.phone().equals("32476123456")).findFirst().orElseThrow();

        smsc.injectReply("32476123456", "ACME", "=HYPERLINK(\"x\")");
        Reply reply = kafka.awaitValues(Topics.REPLIES, Reply.class, r -> connectorId.equals(r.connectorId()), 1, WAIT).get(0);

        LocalDate day = LocalDate.ofInstant(reply.receivedAt(), ZoneOffset.UTC);
        assertThat(finals).allSatisfy(s -> assertThat(LocalDate.ofInstant(s.at(), ZoneOffset.UTC)).isEqualTo(day));
        Path exports = dataDir.resolve("homes").resolve(connectorId).resolve("exports");
        // The request meets the rows in the aggregator's repartition topic in whatever order: ask again until the
        // day's files hold everything (each request rewrites both files whole).
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            post(admin, "/api/v1/exports/" + connectorId + "/" + day, null, 202);
            return rowCount(exports.resolve("status_" + day + ".csv")) == 3 && rowCount(exports.resolve("received_" + day + ".csv")) == 1;
        });

        Path statusCsv = work.resolve("status.csv");
        Path receivedCsv = work.resolve("received.csv");
        OpenSshSftp.Result download = customer.run("get exports/status_" + day + ".csv " + statusCsv,
                "get exports/received_" + day + ".csv " + receivedCsv);
        assertThat(download.ok()).as(download.output()).isTrue();

        List<CSVRecord> statusRows = rows(statusCsv);
        assertThat(statusRows.get(0).values()).containsExactly("templateId", "fileIngestionId", "messageId", "phone",
                "sentAt", "deliveredAt", "statusCode", "statusReason");
        List<List<String>> expectedStatuses = finals.stream().map(s -> List.of(connectorId, fileId, s.messageId(), s.phone(),
                time(s.sentAt()), time(s.deliveredAt()), String.valueOf(s.statusCode()), s.statusReason())).toList();
        assertThat(statusRows.subList(1, statusRows.size())).extracting(r -> List.of(r.values()))
                .containsExactlyInAnyOrderElementsOf(expectedStatuses);
        // and what those events say, from the uploaded file's point of view
        assertThat(finals).extracting(Status::phone, Status::statusReason).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("32476123456", "200-delivered"),
                org.assertj.core.groups.Tuple.tuple("32476123457", "200-delivered"),
                org.assertj.core.groups.Tuple.tuple(finals.stream().filter(s -> s.statusCode() == 821).findFirst()
                        .map(Status::phone).orElse("?"), "821-invalid-phone"));
        assertThat(finals).filteredOn(s -> s.statusCode() == 200)
                .allSatisfy(s -> assertThat(s.sentAt()).isNotNull().isBeforeOrEqualTo(s.deliveredAt()));
        assertThat(finals).extracting(Status::messageId).contains(toAnn.messageId());

        List<CSVRecord> receivedRows = rows(receivedCsv);
        assertThat(receivedRows.get(0).values()).containsExactly("templateId", "fileIngestionId", "messageId",
                "outgoingMessageId", "phone", "message", "receivedAt");
        assertThat(receivedRows).hasSize(2);
        assertThat(receivedRows.get(1).values()).containsExactly(connectorId, fileId, reply.messageId(), toAnn.messageId(),
                "32476123456", "'=HYPERLINK(\"x\")", reply.receivedAt().toString());
        assertThat(Files.readString(receivedCsv)).contains("\"'=HYPERLINK(\"\"x\"\")\"");
    }

    private static String time(java.time.Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    private static int rowCount(Path csv) throws Exception {
        return Files.exists(csv) ? rows(csv).size() - 1 : -1;
    }

    private static List<CSVRecord> rows(Path csv) throws Exception {
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return CSVFormat.RFC4180.parse(in).getRecords();
        }
    }

    private JsonNode post(ConnectorAdminStage admin, String path, String json, int expected) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.httpPort() + path))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " answered " + response.body()).isEqualTo(expected);
        return Json.mapper().readTree(response.body());
    }

}
