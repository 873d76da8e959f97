package org.ftp2sms.dedupe;

import org.ftp2sms.service.Env;
import org.ftp2sms.service.SettingsException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DedupeSettingsTest {

    @Test
    void defaults() {
        DedupeSettings settings = DedupeSettings.fromEnv(new Env(Map.of()));

        assertThat(settings.applicationId()).isEqualTo("ftp2sms-dedupe");
        assertThat(settings.stateDir()).isEqualTo(Path.of("./ftp2sms-data").resolve("streams"));
        assertThat(settings.grace()).isEqualTo(Duration.ofHours(24));
        assertThat(settings.connectorWait()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void graceAndConnectorWaitFromTheirVariables() {
        DedupeSettings settings = DedupeSettings.fromEnv(new Env(Map.of(
                "FTP2SMS_DATA_DIR", "/data", "FTP2SMS_DEDUPE_GRACE", "PT6H", "FTP2SMS_DEDUPE_CONNECTOR_WAIT", "5000")));

        assertThat(settings.stateDir()).isEqualTo(Path.of("/data/streams"));
        assertThat(settings.grace()).isEqualTo(Duration.ofHours(6));
        assertThat(settings.connectorWait()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aNegativeOrMalformedDurationIsASettingsErrorNamingTheVariable() {
        assertThatThrownBy(() -> DedupeSettings.fromEnv(new Env(Map.of("FTP2SMS_DEDUPE_GRACE", "-PT1H"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("FTP2SMS_DEDUPE_GRACE");
        assertThatThrownBy(() -> DedupeSettings.fromEnv(new Env(Map.of("FTP2SMS_DEDUPE_CONNECTOR_WAIT", "soon"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("FTP2SMS_DEDUPE_CONNECTOR_WAIT");
    }
}
