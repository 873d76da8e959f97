package org.ftp2sms.testkit;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FreePortsTest {

    @Test
    void portsAreBindableDistinctAndNeverFromTheEphemeralRange() throws Exception {
        int ephemeralLow = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                .get(0)
                .trim()
                .split("\\s+")[0]);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = FreePorts.next();
            assertThat(port).isLessThan(ephemeralLow);
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
        }
        try (ServerSocket socket = new ServerSocket(FreePorts.next())) {
            assertThat(socket.isBound()).isTrue();
        }
    }

    @Test
    void rangesAreConsecutiveAndDoNotOverlapSinglePorts() {
        String range = FreePorts.range(16);
        int from = Integer.parseInt(range.split("-")[0]);
        int to = Integer.parseInt(range.split("-")[1]);
        assertThat(to - from).isEqualTo(15);
        for (int i = 0; i < 100; i++) {
            int port = FreePorts.next();
            assertThat(port < from || port > to)
                    .as("port %d inside %s", port, range)
                    .isTrue();
        }
    }
}
