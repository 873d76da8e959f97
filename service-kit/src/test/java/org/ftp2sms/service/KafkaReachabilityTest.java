package org.ftp2sms.service;

import org.ftp2sms.embedded.EmbeddedKafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaReachabilityTest {

    @Test
    void aRunningBrokerIsReachable(@TempDir Path dir) {
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, 0, Map.of()).start();
             KafkaReachability kafka = new KafkaReachability(KafkaSettings.of(broker.bootstrapServers()), "test-health",
                     Clock.systemUTC())) {
            assertThat(kafka.isReady()).isTrue();
        }
    }

    @Test
    void aPortWithoutBrokerIsNotReachableAndTheProbeReturns() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (KafkaReachability kafka = new KafkaReachability(KafkaSettings.of("localhost:" + closedPort), "test-health",
                Clock.systemUTC())) {
            assertThat(kafka.isReady()).isFalse();
        }
    }
}
