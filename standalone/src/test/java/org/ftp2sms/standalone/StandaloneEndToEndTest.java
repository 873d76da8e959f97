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
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The README's first command, as a test: standalone with its embedded broker and simulator, on free ports. */
class StandaloneEndToEndTest {
    private static final Path DASHBOARD = Path.of("../helm/src/main/helm/ftp2sms/files/grafana-dashboard.json");
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
        // What operations.md promises, counted for this file; receipts and their counters arrive on their own time.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            MetricsScrape scrape = MetricsScrape.parse(http.send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + app.healthPort() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            assertThat(scrape.namingViolations()).isEmpty();
            assertThat(scrape.sum("ftp2sms_files_total", "stage", "ftp-gateway", "state", "accepted"))
                    .isPositive();
            assertThat(scrape.sum("ftp2sms_files_total", "stage", "row-splitter", "state", "completed"))
                    .isPositive();
            for (String stage : List.of("row-splitter", "dedupe-stream", "renderer", "dispatcher")) {
                assertThat(scrape.sum("ftp2sms_rows_total", "stage", stage))
                        .as("rows of " + stage)
                        .isPositive();
            }
            assertThat(scrape.sum("ftp2sms_rows_total", "stage", "row-splitter", "outcome", "refused"))
                    .as("the invalid phone")
                    .isPositive();
            for (String code : List.of("100", "200", "810", "821")) {
                assertThat(scrape.sum("ftp2sms_statuses_total", "code", code))
                        .as("statuses " + code)
                        .isPositive();
            }
            for (String latency : List.of(
                    "ftp2sms_dispatcher_upload_to_submit_seconds", "ftp2sms_dispatcher_submit_to_receipt_seconds")) {
                assertThat(scrape.types()).containsEntry(latency, "histogram");
                assertThat(scrape.sum(latency + "_count")).as(latency).isPositive();
                assertThat(scrape.sum(latency + "_sum")).as(latency).isPositive();
            }
            assertThat(scrape.has("ftp2sms_kafka_consumer_lag_max")).isTrue();
            assertThat(scrape.samples().stream()
                            .filter(s -> s.name().equals("ftp2sms_kafka_consumer_lag_max"))
                            .map(s -> s.labels().get("client_id")))
                    .as("Kafka Streams stages report their lag too")
                    .anyMatch(id -> id.contains("dedupe") && id.contains("StreamThread"));
            assertThat(scrape.sum("ftp2sms_kafka_consumer_records_total")).isPositive();
            assertThat(scrape.sum("ftp2sms_kafka_producer_records_total")).isPositive();
            assertThat(scrape.missingFromDashboard(DASHBOARD))
                    .as("every metric the chart's dashboard shows")
                    .isEmpty();
        });
    }
}
