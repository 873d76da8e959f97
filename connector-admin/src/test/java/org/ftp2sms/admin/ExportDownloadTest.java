package org.ftp2sms.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/exports/{connectorId}} lists the export files the status-aggregator left in the connector's
 * {@code exports/} folder and {@code .../files/{name}} downloads one; nothing else of the disk can be named.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportDownloadTest {
    private final AdminSettings.Storage storage = TestStorage.isolated();
    private ConnectorAdminStage stage;
    private AdminHttp api;

    @BeforeAll
    void start(TestKafka kafka) {
        stage = new ConnectorAdminStage(new AdminSettings(kafka.settings(), 0, AdminApiTest.TOKEN, "localhost", 2222, 2121, storage),
                new SimpleMeterRegistry());
        stage.start();
        api = new AdminHttp(stage.httpPort(), AdminApiTest.TOKEN);
    }

    @AfterAll
    void stop() {
        stage.close();
    }

    @Test
    void theExportFilesAreListedNewestFirstAndDownloaded() throws Exception {
        String id = api.expect(201, "POST", "/api/v1/connectors", AdminApiTest.VALID).get("id").asText();
        assertThat(api.expect(200, "GET", "/api/v1/exports/" + id, null)).isEmpty();
        Path exports = Files.createDirectories(storage.exportsDir(id));
        String day1 = "templateId,fileIngestionId,messageId,phone,sentAt,deliveredAt,statusCode,statusReason\nc,f,f-1,32476,,,200,200-delivered\n";
        Files.writeString(exports.resolve("status_2026-03-01.csv"), day1);
        Files.writeString(exports.resolve("received_2026-03-01.csv"), "templateId\n");
        Files.writeString(exports.resolve("status_2026-03-02.csv"), "templateId\n");
        Files.writeString(exports.resolve(".status_2026-03-03.csv.tmp"), "partial");
        Files.writeString(exports.resolve("notes.txt"), "not an export");

        JsonNode listed = api.expect(200, "GET", "/api/v1/exports/" + id, null);
        assertThat(listed.findValuesAsText("name"))
                .containsExactly("status_2026-03-02.csv", "status_2026-03-01.csv", "received_2026-03-01.csv");
        assertThat(listed.get(1).get("bytes").asLong()).isEqualTo(day1.length());

        HttpResponse<String> file = api.send("GET", "/api/v1/exports/" + id + "/files/status_2026-03-01.csv", null);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(day1);
        assertThat(file.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(file.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"status_2026-03-01.csv\"");
    }

    @Test
    void nothingButAnExportFileOfAKnownConnectorCanBeNamed() throws Exception {
        String id = api.expect(201, "POST", "/api/v1/connectors", AdminApiTest.VALID).get("id").asText();
        Path exports = Files.createDirectories(storage.exportsDir(id));
        Files.writeString(exports.resolve("notes.txt"), "not an export");

        assertThat(api.send("GET", "/api/v1/exports/" + id + "/files/notes.txt", null).statusCode()).isEqualTo(404);
        assertThat(api.send("GET", "/api/v1/exports/" + id + "/files/..%2F..%2F..%2Fstreams", null).statusCode()).isEqualTo(404);
        assertThat(api.send("GET", "/api/v1/exports/" + id + "/files/status_2026-03-09.csv", null).statusCode()).isEqualTo(404);
        assertThat(api.send("GET", "/api/v1/exports/no-such-connector", null).statusCode()).isEqualTo(404);
        assertThat(api.send("GET", "/api/v1/exports/" + id, null, null, "application/json").statusCode()).isEqualTo(401);
    }
}
