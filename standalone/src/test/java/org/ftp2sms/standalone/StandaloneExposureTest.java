package org.ftp2sms.standalone;

import org.ftp2sms.service.SettingsException;
import org.ftp2sms.testkit.Curl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13's standalone exposure: the admin API is not reachable from the network by default, a short token is
 * refused, the ready lines never print the token, and the data dir and token file are owner-only.
 */
class StandaloneExposureTest {

    @Test
    void theAdminApiListensOnLoopbackOnlyAndSecretsStayOwnerOnly(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        try (StandaloneApp app = new StandaloneApp(settings(data)).start()) {
            attack(app, data);
        }
    }

    private static void attack(StandaloneApp app, Path data) throws Exception {
        String base = "http://127.0.0.1:" + app.httpPort();
        assertThat(Curl.call("GET", base + "/api/v1/connectors", app.adminToken(), null).status()).isEqualTo(200);
        assertThat(Curl.call("GET", base + "/api/v1/connectors", "wrong-token-0123456789abcdef0123456789", null).status())
                .isEqualTo(401);
        Optional<InetAddress> lan = nonLoopbackAddress();
        if (lan.isPresent()) {
            // From the host's network address, nothing answers on the admin port.
            assertThat(Curl.call("GET", "http://" + lan.get().getHostAddress() + ":" + app.httpPort() + "/health", null, null)
                    .status()).isZero();
        }
        assertThat(app.readyLine()).doesNotContain(app.adminToken());
        assertThat(app.adminTokenLine()).contains(app.adminTokenFile().toString()).doesNotContain(app.adminToken());
        assertThat(app.adminToken()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(app.adminTokenFile()))).isEqualTo("rw-------");
        assertThat(Curl.call("GET", "http://127.0.0.1:" + app.healthPort() + "/health", null, null).status()).isEqualTo(200);
    }

    @Test
    void aShortTokenIsRefusedAtStart(@TempDir Path dir) {
        Map<String, String> settings = settings(dir.resolve("data"));
        settings.put("FTP2SMS_ADMIN_TOKEN", "0123456789abcdef"); // 16 characters: accepted before issue 13
        assertThatThrownBy(() -> new StandaloneApp(settings).start().close())
                .isInstanceOf(SettingsException.class).hasMessageContaining("at least 32 characters");
    }

    private static Map<String, String> settings(Path data) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "FTP2SMS_DATA_DIR", data.toString(),
                "FTP2SMS_KAFKA_PORT", "0",
                "FTP2SMS_SFTP_PORT", "0",
                "FTP2SMS_FTPS_PORT", "0",
                "FTP2SMS_HTTP_PORT", "0",
                "FTP2SMS_HEALTH_PORT", "0"));
        return settings;
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            List<InetAddress> addresses = Collections.list(nic.getInetAddresses());
            for (InetAddress address : addresses) {
                if (address instanceof Inet4Address) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
