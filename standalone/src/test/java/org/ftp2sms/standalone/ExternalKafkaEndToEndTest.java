package org.ftp2sms.standalone;

import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The path a Kubernetes deployment takes: every stage against a Kafka cluster that already exists. */
@ExtendWith(KafkaBrokerExtension.class)
class ExternalKafkaEndToEndTest {
    private StandaloneApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void sftpUploadBecomesDeliveredSmsThroughAnExistingKafka(TestKafka kafka, @TempDir Path dir) throws Exception {
        app = new StandaloneApp(Map.of(
                "FTP2SMS_DATA_DIR", dir.resolve("data").toString(),
                "FTP2SMS_KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
                "FTP2SMS_SFTP_PORT", "0",
                "FTP2SMS_FTPS_PORT", "0",
                "FTP2SMS_HTTP_PORT", "0",
                "FTP2SMS_HEALTH_PORT", "0")).start();

        assertThat(app.bootstrapServers()).isEqualTo(kafka.bootstrapServers());
        assertThat(Files.exists(dir.resolve("data").resolve("kafka"))).as("no embedded broker").isFalse();

        UploadScenario scenario = new UploadScenario(app);
        UploadScenario.Outcome outcome = scenario.uploadBecomesDeliveredSms(dir);

        // The run's events, read as a consumer reads them, against the JSON Schemas of docs/topics.md.
        scenario.downloadStatusExport(outcome, dir);
        EventSchemaCheck.everyEventMatchesItsSchema(app, kafka);
    }
}
