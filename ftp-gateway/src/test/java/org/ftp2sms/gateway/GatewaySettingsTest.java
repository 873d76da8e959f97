package org.ftp2sms.gateway;

import org.ftp2sms.service.Env;
import org.ftp2sms.service.SettingsException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewaySettingsTest {

    @Test
    void defaultsFollowTheDesign() {
        GatewaySettings settings = GatewaySettings.fromEnv(new Env(Map.of()));

        assertThat(settings.bindHost()).isEqualTo("0.0.0.0");
        assertThat(settings.sftpPort()).isEqualTo(2222);
        assertThat(settings.maxUploadBytes()).isEqualTo(20L * 1024 * 1024);
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.dataDir()).isEqualTo(Path.of("ftp2sms-data").toAbsolutePath());
        assertThat(settings.instanceId()).isNotBlank();
    }

    @Test
    void variablesOverrideTheDefaults() {
        GatewaySettings settings = GatewaySettings.fromEnv(new Env(Map.of(
                "FTP2SMS_SFTP_BIND", "127.0.0.1", "FTP2SMS_SFTP_PORT", "0", "FTP2SMS_MAX_UPLOAD_BYTES", "65536",
                "FTP2SMS_SFTP_IDLE_TIMEOUT", "PT30S", "FTP2SMS_DATA_DIR", "/var/lib/ftp2sms", "FTP2SMS_INSTANCE_ID", "gw-1")));

        assertThat(settings.bindHost()).isEqualTo("127.0.0.1");
        assertThat(settings.sftpPort()).isZero();
        assertThat(settings.maxUploadBytes()).isEqualTo(65536);
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.storeDir()).isEqualTo(Path.of("/var/lib/ftp2sms/store"));
        assertThat(settings.instanceId()).isEqualTo("gw-1");
    }

    @Test
    void aMalformedLimitNamesTheVariable() {
        assertThatThrownBy(() -> GatewaySettings.fromEnv(new Env(Map.of("FTP2SMS_MAX_UPLOAD_BYTES", "20MB"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("FTP2SMS_MAX_UPLOAD_BYTES");
    }
}
