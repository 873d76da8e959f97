package org.ftp2sms.standalone;

import org.ftp2sms.testkit.NewThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The stages start together; when one of them cannot (here the admin API's port is taken), the start fails with
 * that stage's error once the others have started, and everything is closed: no stage, client or broker thread is
 * left running in the JVM.
 */
class StandaloneStartFailureTest {

    @Test
    void aStageThatCannotStartFailsTheStartAndEverythingIsClosed(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            NewThreads threads = NewThreads.since();
            StandaloneApp app = new StandaloneApp(Map.of(
                    "FTP2SMS_DATA_DIR", dir.resolve("data").toString(),
                    "FTP2SMS_KAFKA_PORT", "0",
                    "FTP2SMS_SFTP_PORT", "0",
                    "FTP2SMS_FTPS_PORT", "0",
                    "FTP2SMS_HTTP_PORT", String.valueOf(taken.getLocalPort()),
                    "FTP2SMS_HEALTH_PORT", "0"));

            assertThatThrownBy(app::start)
                    .as("the failing stage's own error")
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()));

            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(threads.alive(StandaloneStartFailureTest::ofThePipeline))
                            .isEmpty());
            app.close(); // still safe
        }
    }

    /** Threads of the broker, the stages, their Kafka clients and the start itself. */
    private static boolean ofThePipeline(String name) {
        return name.startsWith("stage-start-")
                || name.startsWith("kafka-")
                || name.contains("StreamThread")
                || name.contains("consumer")
                || name.startsWith("row-splitter")
                || name.startsWith("renderer")
                || name.startsWith("dispatcher")
                || name.startsWith("quorum-controller")
                || name.startsWith("view-");
    }
}
