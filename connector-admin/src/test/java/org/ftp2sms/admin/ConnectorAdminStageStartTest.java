package org.ftp2sms.admin;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.HealthProbes;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A start that fails after the Kafka clients are open (here: the HTTP port is taken) leaves none of them behind. */
@ExtendWith(KafkaBrokerExtension.class)
class ConnectorAdminStageStartTest {

    @Test
    void aFailedStartClosesWhatItOpenedAndRethrows(TestKafka kafka) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            Set<Thread> before = HealthProbes.liveThreads();
            ConnectorAdminStage stage = new ConnectorAdminStage(new AdminSettings(kafka.settings(), taken.getLocalPort(),
                    AdminApiTest.TOKEN, "localhost", 2222, 2121, TestStorage.isolated()), new SimpleMeterRegistry());

            assertThatThrownBy(stage::start).isInstanceOf(RuntimeException.class);

            assertThat(stage.isHealthy()).isFalse();
            // The views' poller threads and the producers' network threads the start opened all end.
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(
                                    HealthProbes.newThreadsAlive(before, ConnectorAdminStageStartTest::ofAClient))
                            .isEmpty());
            stage.close(); // still safe after a failed start
        }
    }

    /** Client threads only: the broker of this JVM may start threads of its own meanwhile (kafka-scheduler-N). */
    private static boolean ofAClient(String name) {
        return name.startsWith("view-")
                || name.startsWith("kafka-producer-network-thread")
                || name.startsWith("kafka-coordinator-heartbeat-thread")
                || name.contains("consumer")
                || name.contains("StreamThread")
                || name.startsWith("kafka-admin-client-thread");
    }
}
