package org.ftp2sms.dispatcher;

import org.ftp2sms.service.Env;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.service.SettingsException;

import java.nio.file.Path;

/**
 * How the dispatcher reaches Kafka and the SMSC.
 *
 * @param kafka      {@code FTP2SMS_KAFKA_BOOTSTRAP} (and {@code FTP2SMS_KAFKA_CONFIG_FILE})
 * @param smscHost   {@code FTP2SMS_SMSC_HOST}, default {@code localhost}
 * @param smscPort   {@code FTP2SMS_SMSC_PORT}, default 2775
 * @param systemId   {@code FTP2SMS_SMSC_SYSTEM_ID}, default {@code ftp2sms} (the simulator's default)
 * @param password   {@code FTP2SMS_SMSC_PASSWORD}, default {@code ftp2sms} (the simulator's default)
 * @param window     {@code FTP2SMS_SMPP_WINDOW}, default 50: submits in flight at once on the bind
 *                   and the uncommitted batch: after a hard crash at most this many messages are submitted again
 * @param instanceId {@code FTP2SMS_INSTANCE_ID}, default the host name: client ids in logs and metrics
 * @param maxRate    {@code FTP2SMS_SMPP_MAX_RATE}, default 0 (no limit): submit_sm per second on the bind (each part
 *                   of a long message counts)
 * @param dataDir    {@code FTP2SMS_DATA_DIR}, default {@code ./ftp2sms-data}: the calendar hold's Kafka Streams state
 *                   goes to {@code <dataDir>/streams/dispatcher-calendar}
 */
public record DispatcherSettings(KafkaSettings kafka, String smscHost, int smscPort, String systemId, String password,
                                 int window, String instanceId, int maxRate, Path dataDir) {

    /** No rate limit, state under {@code ./ftp2sms-data}. */
    public DispatcherSettings(KafkaSettings kafka, String smscHost, int smscPort, String systemId, String password,
                              int window, String instanceId) {
        this(kafka, smscHost, smscPort, systemId, password, window, instanceId, 0, Path.of("./ftp2sms-data"));
    }

    public DispatcherSettings {
        if (kafka == null) {
            throw new SettingsException("Kafka settings are required");
        }
        if (smscHost == null || smscHost.isBlank()) {
            throw new SettingsException("FTP2SMS_SMSC_HOST must not be empty");
        }
        if (smscPort < 1 || smscPort > 65535) {
            throw new SettingsException("FTP2SMS_SMSC_PORT: not a port: " + smscPort);
        }
        if (systemId == null || systemId.isBlank() || systemId.length() > 15) {
            throw new SettingsException("FTP2SMS_SMSC_SYSTEM_ID: 1 to 15 characters expected");
        }
        if (password == null || password.length() > 8) {
            throw new SettingsException("FTP2SMS_SMSC_PASSWORD: at most 8 characters (SMPP 3.4)");
        }
        if (window < 1 || window > 1000) {
            throw new SettingsException("FTP2SMS_SMPP_WINDOW: 1 to 1000 expected, got " + window);
        }
        if (instanceId == null || instanceId.isBlank()) {
            throw new SettingsException("FTP2SMS_INSTANCE_ID must not be empty");
        }
        if (maxRate < 0) {
            throw new SettingsException("FTP2SMS_SMPP_MAX_RATE must not be negative, got " + maxRate);
        }
        if (dataDir == null) {
            throw new SettingsException("FTP2SMS_DATA_DIR must not be empty");
        }
    }

    public static DispatcherSettings fromEnv(Env env) {
        return new DispatcherSettings(
                KafkaSettings.fromEnv(env),
                env.string("FTP2SMS_SMSC_HOST", "localhost"),
                env.integer("FTP2SMS_SMSC_PORT", 2775),
                env.string("FTP2SMS_SMSC_SYSTEM_ID", "ftp2sms"),
                env.string("FTP2SMS_SMSC_PASSWORD", "ftp2sms"),
                env.integer("FTP2SMS_SMPP_WINDOW", 50),
                env.instanceId(),
                env.integer("FTP2SMS_SMPP_MAX_RATE", 0),
                env.path("FTP2SMS_DATA_DIR", Path.of("./ftp2sms-data")));
    }

    /** The Kafka Streams application id of the calendar hold (its consumer group and internal topics). */
    public String calendarApplicationId() {
        return "ftp2sms-dispatcher-calendar";
    }

    public DispatcherSettings withMaxRate(int newMaxRate) {
        return new DispatcherSettings(kafka, smscHost, smscPort, systemId, password, window, instanceId, newMaxRate, dataDir);
    }

    public DispatcherSettings withDataDir(Path newDataDir) {
        return new DispatcherSettings(kafka, smscHost, smscPort, systemId, password, window, instanceId, maxRate, newDataDir);
    }
}
