package org.ftp2sms.service;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Kafka client security from separate {@code FTP2SMS_KAFKA_*} variables, so that each piece can come from its own
 * Kubernetes Secret (Strimzi keeps a KafkaUser's credentials and the cluster CA in two Secrets):
 * <ul>
 *   <li>{@code FTP2SMS_KAFKA_SECURITY_PROTOCOL}: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL;</li>
 *   <li>{@code FTP2SMS_KAFKA_SASL_MECHANISM} (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) with
 *       {@code FTP2SMS_KAFKA_SASL_USERNAME} and {@code FTP2SMS_KAFKA_SASL_PASSWORD};</li>
 *   <li>{@code FTP2SMS_KAFKA_TRUSTSTORE}: the CA certificate (PEM, e.g. Strimzi's {@code ca.crt}) or a PKCS12 file
 *       with {@code FTP2SMS_KAFKA_TRUSTSTORE_PASSWORD};</li>
 *   <li>{@code FTP2SMS_KAFKA_KEYSTORE}: the client certificate for mTLS, PKCS12 (Strimzi's {@code user.p12}) with
 *       {@code FTP2SMS_KAFKA_KEYSTORE_PASSWORD}, or a PEM file holding the key and the certificate chain.</li>
 * </ul>
 * A client properties file ({@code FTP2SMS_KAFKA_CONFIG_FILE}) is applied over these.
 */
public final class KafkaSecurity {
    private static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");

    private KafkaSecurity() {
    }

    /** Client properties for the variables that are set; empty when none is. */
    public static Map<String, String> fromEnv(Env env) {
        Map<String, String> props = new HashMap<>();
        String protocol = env.string("FTP2SMS_KAFKA_SECURITY_PROTOCOL", null);
        if (protocol != null) {
            protocol = protocol.toUpperCase(Locale.ROOT);
            if (!PROTOCOLS.contains(protocol)) {
                throw new SettingsException("FTP2SMS_KAFKA_SECURITY_PROTOCOL must be one of " + PROTOCOLS + ", not " + protocol);
            }
            props.put("security.protocol", protocol);
        }
        String mechanism = env.string("FTP2SMS_KAFKA_SASL_MECHANISM", null);
        if (mechanism != null) {
            props.put("sasl.mechanism", mechanism.toUpperCase(Locale.ROOT));
            props.put("sasl.jaas.config", jaas(mechanism.toUpperCase(Locale.ROOT),
                    env.required("FTP2SMS_KAFKA_SASL_USERNAME"), env.required("FTP2SMS_KAFKA_SASL_PASSWORD")));
        }
        store(env, "TRUSTSTORE", "ssl.truststore", props);
        store(env, "KEYSTORE", "ssl.keystore", props);
        return props;
    }

    private static String jaas(String mechanism, String username, String password) {
        String module = switch (mechanism) {
            case "PLAIN" -> "org.apache.kafka.common.security.plain.PlainLoginModule";
            case "SCRAM-SHA-256", "SCRAM-SHA-512" -> "org.apache.kafka.common.security.scram.ScramLoginModule";
            default -> throw new SettingsException(
                    "FTP2SMS_KAFKA_SASL_MECHANISM must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, not " + mechanism);
        };
        return module + " required username=\"" + quoted(username) + "\" password=\"" + quoted(password) + "\";";
    }

    /** JAAS values are double-quoted strings: a quote or backslash in a password must not end the value. */
    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void store(Env env, String variable, String prefix, Map<String, String> props) {
        String location = env.string("FTP2SMS_KAFKA_" + variable, null);
        if (location == null) {
            return;
        }
        String lower = location.toLowerCase(Locale.ROOT);
        boolean pkcs12 = lower.endsWith(".p12") || lower.endsWith(".pfx");
        props.put(prefix + ".location", location);
        props.put(prefix + ".type", pkcs12 ? "PKCS12" : "PEM");
        String password = env.string("FTP2SMS_KAFKA_" + variable + "_PASSWORD", null);
        if (password != null) {
            props.put(prefix + ".password", password);
        } else if (pkcs12) {
            throw new SettingsException("FTP2SMS_KAFKA_" + variable + "_PASSWORD is required with a PKCS12 file");
        }
    }
}
