package org.ftp2sms.service;

import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;

import javax.security.auth.login.AppConfigurationEntry;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaSecurityTest {

    @Test
    void scramOverTlsWithStrimzisSecretsBecomesClientProperties() {
        Map<String, Object> props = KafkaSettings.fromEnv(new Env(Map.of(
                "FTP2SMS_KAFKA_BOOTSTRAP", "my-cluster-kafka-bootstrap:9093",
                "FTP2SMS_KAFKA_SECURITY_PROTOCOL", "sasl_ssl",
                "FTP2SMS_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "FTP2SMS_KAFKA_SASL_USERNAME", "ftp2sms",
                "FTP2SMS_KAFKA_SASL_PASSWORD", "p\"a\\ss",
                "FTP2SMS_KAFKA_TRUSTSTORE", "/etc/ftp2sms/kafka-ca/ca.crt"))).consumer("g");

        assertThat(props).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/ftp2sms/kafka-ca/ca.crt")
                .containsEntry("ssl.truststore.type", "PEM").containsEntry("isolation.level", "read_committed");
        // Kafka's own parser reads back the user and the password with its quote and backslash.
        AppConfigurationEntry entry = JaasContext.loadClientContext(Map.of("sasl.jaas.config",
                new Password((String) props.get("sasl.jaas.config")))).configurationEntries().get(0);
        assertThat(entry.getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule");
        Map<String, ?> options = entry.getOptions();
        assertThat(options.get("username")).isEqualTo("ftp2sms");
        assertThat(options.get("password")).isEqualTo("p\"a\\ss");
    }

    @Test
    void mutualTlsUsesTheUsersPkcs12AndItsPassword() {
        Map<String, String> props = KafkaSecurity.fromEnv(new Env(Map.of(
                "FTP2SMS_KAFKA_SECURITY_PROTOCOL", "SSL",
                "FTP2SMS_KAFKA_KEYSTORE", "/etc/ftp2sms/kafka-user/user.p12",
                "FTP2SMS_KAFKA_KEYSTORE_PASSWORD", "secret",
                "FTP2SMS_KAFKA_TRUSTSTORE", "/etc/ftp2sms/kafka-ca/ca.crt")));

        assertThat(props).containsEntry("ssl.keystore.location", "/etc/ftp2sms/kafka-user/user.p12")
                .containsEntry("ssl.keystore.type", "PKCS12").containsEntry("ssl.keystore.password", "secret")
                .containsEntry("ssl.truststore.type", "PEM").doesNotContainKey("sasl.jaas.config");
    }

    @Test
    void plainSaslUsesThePlainModuleAndNothingSetMeansNoSecurity() {
        assertThat(KafkaSecurity.fromEnv(new Env(Map.of("FTP2SMS_KAFKA_SASL_MECHANISM", "PLAIN",
                "FTP2SMS_KAFKA_SASL_USERNAME", "key", "FTP2SMS_KAFKA_SASL_PASSWORD", "secret"))).get("sasl.jaas.config"))
                .startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required");
        assertThat(KafkaSecurity.fromEnv(new Env(Map.of()))).isEmpty();
    }

    @Test
    void aWrongSettingNamesTheVariable() {
        assertThatThrownBy(() -> KafkaSecurity.fromEnv(new Env(Map.of("FTP2SMS_KAFKA_SECURITY_PROTOCOL", "TLS"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("FTP2SMS_KAFKA_SECURITY_PROTOCOL");
        assertThatThrownBy(() -> KafkaSecurity.fromEnv(new Env(Map.of("FTP2SMS_KAFKA_SASL_MECHANISM", "GSSAPI",
                "FTP2SMS_KAFKA_SASL_USERNAME", "u", "FTP2SMS_KAFKA_SASL_PASSWORD", "p"))))
                .hasMessageContaining("FTP2SMS_KAFKA_SASL_MECHANISM");
        assertThatThrownBy(() -> KafkaSecurity.fromEnv(new Env(Map.of("FTP2SMS_KAFKA_SASL_MECHANISM", "PLAIN"))))
                .hasMessageContaining("FTP2SMS_KAFKA_SASL_USERNAME");
        assertThatThrownBy(() -> KafkaSecurity.fromEnv(new Env(Map.of("FTP2SMS_KAFKA_KEYSTORE", "/u.p12"))))
                .hasMessageContaining("FTP2SMS_KAFKA_KEYSTORE_PASSWORD");
    }
}
