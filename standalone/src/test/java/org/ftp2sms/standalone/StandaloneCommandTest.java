package org.ftp2sms.standalone;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The flags become the same FTP2SMS_* settings the separate services read. */
class StandaloneCommandTest {

    @Test
    void flagsOverrideTheEnvironmentUnderTheServicesVariableNames() {
        StandaloneCommand command = new StandaloneCommand();
        new CommandLine(command).parseArgs("--data-dir", "/srv/ftp2sms", "--kafka-bootstrap", "kafka:9093",
                "--sftp-port", "2022", "--ftps-port", "2021", "--ftps-passive-ports", "31000-31004",
                "--http-port", "8088", "--smsc", "smsc.example.net:2776", "--smsc-system-id", "acme",
                "--smsc-password", "secret1");

        Map<String, String> settings = command.settings(Map.of("FTP2SMS_SFTP_PORT", "1", "FTP2SMS_INSTANCE_ID", "a"));

        assertThat(settings).containsEntry("FTP2SMS_DATA_DIR", "/srv/ftp2sms")
                .containsEntry("FTP2SMS_KAFKA_BOOTSTRAP", "kafka:9093")
                .containsEntry("FTP2SMS_SFTP_PORT", "2022")
                .containsEntry("FTP2SMS_FTPS_PORT", "2021")
                .containsEntry("FTP2SMS_FTPS_PASSIVE_PORTS", "31000-31004")
                .containsEntry("FTP2SMS_HTTP_PORT", "8088")
                .containsEntry("FTP2SMS_SMSC_HOST", "smsc.example.net")
                .containsEntry("FTP2SMS_SMSC_PORT", "2776")
                .containsEntry("FTP2SMS_SMSC_SYSTEM_ID", "acme")
                .containsEntry("FTP2SMS_SMSC_PASSWORD", "secret1")
                .containsEntry("FTP2SMS_INSTANCE_ID", "a");
    }

    @Test
    void withoutFlagsTheEmbeddedBrokerAndTheDocumentedPortsAreUsed() {
        StandaloneCommand command = new StandaloneCommand();
        new CommandLine(command).parseArgs();

        Map<String, String> settings = command.settings(Map.of());

        assertThat(settings).doesNotContainKey("FTP2SMS_KAFKA_BOOTSTRAP").doesNotContainKey("FTP2SMS_SMSC_HOST")
                .containsEntry("FTP2SMS_KAFKA_PORT", "9092")
                .containsEntry("FTP2SMS_SFTP_PORT", "2222")
                .containsEntry("FTP2SMS_FTPS_PORT", "2121")
                .containsEntry("FTP2SMS_FTPS_PASSIVE_PORTS", "30000-30009")
                .containsEntry("FTP2SMS_HTTP_PORT", "8080")
                .containsEntry("FTP2SMS_HEALTH_PORT", "8081");
    }

    @Test
    void aMalformedSmscAddressIsAUsageError() {
        StandaloneCommand command = new StandaloneCommand();
        new CommandLine(command).parseArgs("--smsc", "nohostport");
        assertThatThrownBy(() -> command.settings(Map.of()))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--smsc must be HOST:PORT");
    }
}
