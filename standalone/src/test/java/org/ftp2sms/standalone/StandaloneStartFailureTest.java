package org.ftp2sms.standalone;

import org.ftp2sms.testkit.FreePorts;
import org.ftp2sms.testkit.HealthProbes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stages start together; when one of them cannot (here the admin API's port is taken), {@code standalone} ends
 * with one line naming that stage's error once the others have started, exit 1, and everything is closed: no stage,
 * client or broker thread is left running in the JVM.
 */
class StandaloneStartFailureTest {

    @Test
    void aStageThatCannotStartFailsTheStartAndEverythingIsClosed(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Set<Thread> before = HealthProbes.liveThreads();
            ByteArrayOutputStream err = new ByteArrayOutputStream();

            int exit = StandaloneCommand.commandLine(new PrintStream(err, true, StandardCharsets.UTF_8))
                    .execute(
                            "--data-dir=" + dir.resolve("data"),
                            "--kafka-port=0",
                            "--sftp-port=0",
                            "--ftps-port=0",
                            "--ftps-passive-ports=" + FreePorts.range(2),
                            "--http-port=" + taken.getLocalPort(),
                            "--health-port=0");

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .as("one line with the failing stage's own error, no stack trace")
                    .startsWith("ftp2sms: standalone could not start: ")
                    .contains(String.valueOf(taken.getLocalPort()))
                    .hasLineCount(1);
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(
                                    HealthProbes.newThreadsAlive(before, StandaloneStartFailureTest::ofThePipeline))
                            .isEmpty());
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
