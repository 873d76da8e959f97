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
        assertThat(settings.ftps().port()).isEqualTo(2121);
        assertThat(settings.ftps().passivePorts()).isEqualTo("30000-30009");
        assertThat(settings.ftps().externalAddress()).isNull();
        assertThat(settings.ftps().keystore()).isNull();
        assertThat(settings.ftps().maxDataConnectionsPerConnector()).isEqualTo(2);
        assertThat(settings.ftps().requireTlsReuse()).isTrue();
        assertThat(settings.temporaryUploads()).isEqualTo(GatewaySettings.TemporaryUploads.DEFAULT);
        assertThat(settings.maxSessionsPerConnector()).isEqualTo(10);
        assertThat(settings.logins()).isEqualTo(new GatewaySettings.LoginLimits(5, Duration.ofMinutes(5), Duration.ofMinutes(15)));
        assertThat(settings.tlsDir()).isEqualTo(Path.of("ftp2sms-data/tls").toAbsolutePath());
    }

    @Test
    void ftpsAndLoginVariablesOverrideTheDefaults() {
        GatewaySettings settings = GatewaySettings.fromEnv(new Env(Map.ofEntries(
                Map.entry("FTP2SMS_FTPS_PORT", "0"), Map.entry("FTP2SMS_FTPS_PASSIVE_PORTS", "31000-31019"),
                Map.entry("FTP2SMS_FTPS_EXTERNAL_ADDRESS", "ftp.example.com"),
                Map.entry("FTP2SMS_FTPS_KEYSTORE", "/etc/ftp2sms/ftps.p12"),
                Map.entry("FTP2SMS_FTPS_KEYSTORE_PASSWORD", "changeit"),
                Map.entry("FTP2SMS_MAX_SESSIONS_PER_CONNECTOR", "3"), Map.entry("FTP2SMS_LOGIN_MAX_FAILURES", "10"),
                Map.entry("FTP2SMS_LOGIN_FAILURE_WINDOW", "PT1M"), Map.entry("FTP2SMS_LOGIN_LOCKOUT", "PT1H"),
                Map.entry("FTP2SMS_IDLE_TIMEOUT", "PT2M"), Map.entry("FTP2SMS_FTPS_REQUIRE_TLS_REUSE", "false"))));

        assertThat(settings.ftps()).isEqualTo(new GatewaySettings.Ftps(0, "31000-31019", "ftp.example.com",
                Path.of("/etc/ftp2sms/ftps.p12"), "changeit", 2, false));
        assertThat(settings.maxSessionsPerConnector()).isEqualTo(3);
        assertThat(settings.logins()).isEqualTo(new GatewaySettings.LoginLimits(10, Duration.ofMinutes(1), Duration.ofHours(1)));
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void malformedFtpsSettingsNameTheirVariable() {
        assertThatThrownBy(() -> GatewaySettings.fromEnv(new Env(Map.of("FTP2SMS_FTPS_PASSIVE_PORTS", "many"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("FTP2SMS_FTPS_PASSIVE_PORTS");
        assertThatThrownBy(() -> GatewaySettings.fromEnv(new Env(Map.of("FTP2SMS_FTPS_KEYSTORE", "/k.p12"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("FTP2SMS_FTPS_KEYSTORE_PASSWORD");
        assertThatThrownBy(() -> GatewaySettings.fromEnv(new Env(Map.of("FTP2SMS_LOGIN_MAX_FAILURES", "0"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("FTP2SMS_LOGIN_MAX_FAILURES");
    }

    @Test
    void variablesOverrideTheDefaults() {
        GatewaySettings settings = GatewaySettings.fromEnv(new Env(Map.of(
                "FTP2SMS_SFTP_BIND", "127.0.0.1", "FTP2SMS_SFTP_PORT", "0", "FTP2SMS_MAX_FILE_BYTES", "65536",
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
        assertThatThrownBy(() -> GatewaySettings.fromEnv(new Env(Map.of("FTP2SMS_MAX_FILE_BYTES", "20MB"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("FTP2SMS_MAX_FILE_BYTES");
    }

    @Test
    void temporaryNamesAndDataConnectionsAreSettings() {
        GatewaySettings settings = GatewaySettings.fromEnv(new Env(Map.of(
                "FTP2SMS_FTPS_MAX_DATA_CONNECTIONS_PER_CONNECTOR", "4",
                "FTP2SMS_TEMPORARY_NAMES", "*.inprogress", "FTP2SMS_TEMPORARY_MAX_AGE", "PT2H")));

        assertThat(settings.ftps().maxDataConnectionsPerConnector()).isEqualTo(4);
        assertThat(settings.temporaryUploads()).isEqualTo(new GatewaySettings.TemporaryUploads("*.inprogress", Duration.ofHours(2)));
    }
}
