package org.ftp2sms.standalone;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A second start on the same data dir resumes where the first stopped. */
class StandaloneRestartTest {
    private StandaloneApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aSecondStartOnTheSameDataDirKeepsConnectorsTokenAndKeepsWorking(@TempDir Path dir) throws Exception {
        Map<String, String> settings = Map.of(
                "FTP2SMS_DATA_DIR", dir.resolve("data").toString(),
                "FTP2SMS_KAFKA_PORT", "0",
                "FTP2SMS_SFTP_PORT", "0",
                "FTP2SMS_FTPS_PORT", "0",
                "FTP2SMS_HTTP_PORT", "0",
                "FTP2SMS_HEALTH_PORT", "0");
        app = new StandaloneApp(settings).start();
        String token = app.adminToken();
        String connectors = connectors(app);
        assertThat(connectors).isEqualTo("[]");
        new UploadScenario(app).uploadBecomesDeliveredSms(dir);
        String afterFirstRun = connectors(app);
        app.close();

        app = new StandaloneApp(settings).start();

        assertThat(app.adminToken()).isEqualTo(token);
        assertThat(connectors(app)).isEqualTo(afterFirstRun);
        new UploadScenario(app).uploadBecomesDeliveredSms(dir);
    }

    private static String connectors(StandaloneApp app) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + app.httpPort() + "/api/v1/connectors"))
                .header("Authorization", "Bearer " + app.adminToken()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
