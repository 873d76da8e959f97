package org.ftp2sms.dedupe;

import org.ftp2sms.service.Env;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.service.SettingsException;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the dedupe stream.
 *
 * @param kafka         {@code FTP2SMS_KAFKA_BOOTSTRAP} (default {@code localhost:9092}) and {@code FTP2SMS_KAFKA_CONFIG_FILE}
 * @param stateDir      {@code FTP2SMS_STREAMS_STATE_DIR}, default {@code <FTP2SMS_DATA_DIR>/streams}
 *                      ({@code FTP2SMS_DATA_DIR} defaults to {@code ./ftp2sms-data}): the RocksDB stores, rebuilt
 *                      from their changelogs when lost
 * @param applicationId {@code FTP2SMS_DEDUPE_APPLICATION_ID}, default {@code ftp2sms-dedupe}: the Kafka Streams
 *                      application id, so also the consumer group and the prefix of the changelog topics
 * @param grace         {@code FTP2SMS_DEDUPE_GRACE} (ISO-8601 duration or milliseconds), default {@code PT24H}: how
 *                      far behind the newest file a file's rows may arrive and still be judged in full; recipients
 *                      are kept this long past their connector's window (see {@link RecipientRetention})
 * @param connectorWait {@code FTP2SMS_DEDUPE_CONNECTOR_WAIT}, default {@code PT30S}: how long rows of a connector
 *                      missing from the connectors table wait for it before the default options apply
 *                      (see {@link RowsAwaitingConnector})
 */
public record DedupeSettings(KafkaSettings kafka, Path stateDir, String applicationId, Duration grace, Duration connectorWait) {

    public DedupeSettings {
        if (grace == null || grace.isNegative()) {
            throw new SettingsException("FTP2SMS_DEDUPE_GRACE must be zero or more, got " + grace);
        }
        if (connectorWait == null || connectorWait.isNegative()) {
            throw new SettingsException("FTP2SMS_DEDUPE_CONNECTOR_WAIT must be zero or more, got " + connectorWait);
        }
    }

    /** With the default grace and connector wait. */
    public DedupeSettings(KafkaSettings kafka, Path stateDir, String applicationId) {
        this(kafka, stateDir, applicationId, RecipientRetention.DEFAULT_GRACE, DedupeTopology.DEFAULT_CONNECTOR_WAIT);
    }

    public static final String DEFAULT_APPLICATION_ID = "ftp2sms-dedupe";

    public static DedupeSettings fromEnv(Env env) {
        Path dataDir = env.path("FTP2SMS_DATA_DIR", Path.of("./ftp2sms-data"));
        return new DedupeSettings(
                KafkaSettings.fromEnv(env),
                env.path("FTP2SMS_STREAMS_STATE_DIR", dataDir.resolve("streams")),
                env.string("FTP2SMS_DEDUPE_APPLICATION_ID", DEFAULT_APPLICATION_ID),
                env.duration("FTP2SMS_DEDUPE_GRACE", RecipientRetention.DEFAULT_GRACE),
                env.duration("FTP2SMS_DEDUPE_CONNECTOR_WAIT", DedupeTopology.DEFAULT_CONNECTOR_WAIT));
    }
}
