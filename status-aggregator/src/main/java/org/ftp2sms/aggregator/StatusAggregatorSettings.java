package org.ftp2sms.aggregator;

import org.ftp2sms.rules.webhook.WebhookAddresses;
import org.ftp2sms.service.Env;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.service.SettingsException;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/**
 * Settings of the status-aggregator (daily exports and webhooks).
 *
 * @param kafka                  {@code FTP2SMS_KAFKA_BOOTSTRAP} (default {@code localhost:9092}) and {@code FTP2SMS_KAFKA_CONFIG_FILE}
 * @param dataDir                {@code FTP2SMS_DATA_DIR}, default {@code ./ftp2sms-data}: exports are written to
 *                               {@code <dataDir>/homes/<connectorId>/exports/} (served read-only by ftp-gateway), through
 *                               temporary files in {@code <dataDir>/exports-tmp/} (same file system, out of the customer's view)
 * @param stateDir               {@code FTP2SMS_STREAMS_STATE_DIR}, default {@code <FTP2SMS_DATA_DIR>/streams}: the RocksDB
 *                               stores, rebuilt from their changelogs when lost
 * @param applicationId          {@code FTP2SMS_AGGREGATOR_APPLICATION_ID}, default {@code ftp2sms-status-aggregator}: the
 *                               Kafka Streams application id of the exports
 * @param windowStart            {@code FTP2SMS_EXPORT_WINDOW_START}, default {@code 02:00} (UTC): from then on the previous
 *                               day's files are written
 * @param windowEnd              {@code FTP2SMS_EXPORT_WINDOW_END}, default {@code 05:00} (UTC): a day still unwritten after
 *                               this is written as a catch-up (the service was down), counted apart
 * @param retentionDays          {@code FTP2SMS_EXPORT_RETENTION_DAYS}, default {@code 30}: files and aggregated rows of days
 *                               older than this are deleted
 * @param checkInterval          {@code FTP2SMS_EXPORT_CHECK_INTERVAL}, default {@code PT1M}: how often (wall clock) due
 *                               days are looked for
 * @param webhookGroupId         {@code FTP2SMS_WEBHOOK_GROUP_ID}, default {@code ftp2sms-webhooks}: consumer group of the
 *                               webhook sender
 * @param webhookTimeout         {@code FTP2SMS_WEBHOOK_TIMEOUT}, default {@code PT10S}: one POST, connect and answer
 * @param webhookAttempts        {@code FTP2SMS_WEBHOOK_ATTEMPTS}, default {@code 8}: attempts of one event before it goes
 *                               to {@code ftp2sms.webhook-dead-letters}
 * @param webhookInitialBackoff  {@code FTP2SMS_WEBHOOK_BACKOFF}, default {@code PT1S}: wait after the first failure,
 *                               doubled after each further one
 * @param webhookMaxBackoff      {@code FTP2SMS_WEBHOOK_MAX_BACKOFF}, default {@code PT5M}: the longest wait between attempts
 * @param instanceId             {@code FTP2SMS_INSTANCE_ID}, default the host name: client ids
 * @param webhookAddresses       {@code FTP2SMS_WEBHOOK_ALLOW_HTTP}, {@code FTP2SMS_WEBHOOK_ALLOW_PRIVATE_ADDRESSES}, both
 *                               default {@code false}: where webhooks may go ({@link WebhookAddresses})
 */
public record StatusAggregatorSettings(KafkaSettings kafka, Path dataDir, Path stateDir, String applicationId,
                                       LocalTime windowStart, LocalTime windowEnd, int retentionDays,
                                       Duration checkInterval, String webhookGroupId, Duration webhookTimeout,
                                       int webhookAttempts, Duration webhookInitialBackoff, Duration webhookMaxBackoff,
                                       String instanceId, WebhookAddresses webhookAddresses) {
    public static final String DEFAULT_APPLICATION_ID = "ftp2sms-status-aggregator";
    public static final String DEFAULT_WEBHOOK_GROUP_ID = "ftp2sms-webhooks";

    public StatusAggregatorSettings {
        if (!windowEnd.isAfter(windowStart)) {
            throw new SettingsException("FTP2SMS_EXPORT_WINDOW_END (" + windowEnd + ") must be after FTP2SMS_EXPORT_WINDOW_START ("
                    + windowStart + ") on the same day");
        }
        if (retentionDays < 1) {
            throw new SettingsException("FTP2SMS_EXPORT_RETENTION_DAYS must be 1 or more, got " + retentionDays);
        }
        if (checkInterval.isNegative() || checkInterval.isZero()) {
            throw new SettingsException("FTP2SMS_EXPORT_CHECK_INTERVAL must be positive, got " + checkInterval);
        }
        if (webhookAttempts < 1) {
            throw new SettingsException("FTP2SMS_WEBHOOK_ATTEMPTS must be 1 or more, got " + webhookAttempts);
        }
        if (webhookTimeout.isNegative() || webhookTimeout.isZero()) {
            throw new SettingsException("FTP2SMS_WEBHOOK_TIMEOUT must be positive, got " + webhookTimeout);
        }
        if (webhookInitialBackoff.isNegative() || webhookMaxBackoff.compareTo(webhookInitialBackoff) < 0) {
            throw new SettingsException("FTP2SMS_WEBHOOK_BACKOFF must be zero or more and at most FTP2SMS_WEBHOOK_MAX_BACKOFF");
        }
    }

    public static StatusAggregatorSettings fromEnv(Env env) {
        Path dataDir = env.path("FTP2SMS_DATA_DIR", Path.of("./ftp2sms-data"));
        return new StatusAggregatorSettings(
                KafkaSettings.fromEnv(env),
                dataDir,
                env.path("FTP2SMS_STREAMS_STATE_DIR", dataDir.resolve("streams")),
                env.string("FTP2SMS_AGGREGATOR_APPLICATION_ID", DEFAULT_APPLICATION_ID),
                time(env, "FTP2SMS_EXPORT_WINDOW_START", LocalTime.of(2, 0)),
                time(env, "FTP2SMS_EXPORT_WINDOW_END", LocalTime.of(5, 0)),
                env.integer("FTP2SMS_EXPORT_RETENTION_DAYS", 30),
                env.duration("FTP2SMS_EXPORT_CHECK_INTERVAL", Duration.ofMinutes(1)),
                env.string("FTP2SMS_WEBHOOK_GROUP_ID", DEFAULT_WEBHOOK_GROUP_ID),
                env.duration("FTP2SMS_WEBHOOK_TIMEOUT", Duration.ofSeconds(10)),
                env.integer("FTP2SMS_WEBHOOK_ATTEMPTS", 8),
                env.duration("FTP2SMS_WEBHOOK_BACKOFF", Duration.ofSeconds(1)),
                env.duration("FTP2SMS_WEBHOOK_MAX_BACKOFF", Duration.ofMinutes(5)),
                env.instanceId(),
                new WebhookAddresses(env.bool("FTP2SMS_WEBHOOK_ALLOW_HTTP", false),
                        env.bool("FTP2SMS_WEBHOOK_ALLOW_PRIVATE_ADDRESSES", false)));
    }

    /** Where the customer of {@code connectorId} downloads exports. */
    public Path exportsDir(String connectorId) {
        return dataDir.resolve("homes").resolve(connectorId).resolve("exports");
    }

    /** Temporary files, moved atomically into an exports dir once complete. */
    public Path exportsTempDir() {
        return dataDir.resolve("exports-tmp");
    }

    private static LocalTime time(Env env, String name, LocalTime fallback) {
        String value = env.string(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return LocalTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new SettingsException(name + ": expected a UTC time of day such as 02:00, got '" + value + "'");
        }
    }
}
