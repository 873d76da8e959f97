package org.ftp2sms.standalone;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's first command, as a test: standalone with its embedded broker and simulator, on free ports. */
class StandaloneEndToEndTest {
    private StandaloneApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void sftpUploadBecomesDeliveredSmsThroughTheEmbeddedBroker(@TempDir Path dir) throws Exception {
        app = new StandaloneApp(Map.of(
                "FTP2SMS_DATA_DIR", dir.resolve("data").toString(),
                "FTP2SMS_KAFKA_PORT", "0",
                "FTP2SMS_SFTP_PORT", "0",
                "FTP2SMS_FTPS_PORT", "0",
                "FTP2SMS_HTTP_PORT", "0",
                "FTP2SMS_HEALTH_PORT", "0")).start();

        assertThat(app.isHealthy()).isTrue();
        assertThat(app.readyLine()).contains("sftp=localhost:" + app.sftpPort(), "kafka=" + app.bootstrapServers());
        assertThat(Files.readString(app.adminTokenFile()).trim()).isEqualTo(app.adminToken());

        UploadScenario scenario = new UploadScenario(app);
        UploadScenario.Outcome outcome = scenario.uploadBecomesDeliveredSms(dir);

        // The day's export, written by the aggregator into the customer's home, downloaded as the customer would.
        String export = scenario.downloadStatusExport(outcome, dir);
        assertThat(export.lines().findFirst()).contains(
                "templateId,fileIngestionId,messageId,phone,sentAt,deliveredAt,statusCode,statusReason");
        assertThat(export).contains(outcome.connectorId() + "," + outcome.fileIngestionId() + ","
                + outcome.delivered().messageId() + ",32476123456,");
        assertThat(export).contains(",200,200-delivered").contains(",810,810-duplicate-in-file")
                .contains(",821,821-invalid-phone");

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + app.healthPort() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + app.healthPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("ftp2sms_gateway_uploads_total", "ftp2sms_splitter_rows_total");
    }
}
