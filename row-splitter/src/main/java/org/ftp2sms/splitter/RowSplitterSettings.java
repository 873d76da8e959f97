package org.ftp2sms.splitter;

import org.ftp2sms.contract.FileLimits;
import org.ftp2sms.service.Env;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.service.SettingsException;

/**
 * Settings of the row splitter.
 *
 * @param kafka      {@code FTP2SMS_KAFKA_BOOTSTRAP} (default {@code localhost:9092}) and {@code FTP2SMS_KAFKA_CONFIG_FILE}
 * @param instanceId {@code FTP2SMS_INSTANCE_ID}, default the host name: the transactional id is
 *                   {@code row-splitter-<instanceId>} and so is the consumer's static group member id, so it must be
 *                   stable across restarts and unique per replica
 * @param maxRows    {@code FTP2SMS_MAX_FILE_ROWS}, default 200 000: a file with more data rows is rejected whole
 * @param maxBytes   {@code FTP2SMS_MAX_FILE_BYTES}, default 20 MB (20 971 520): a larger file is rejected whole
 * @param groupId    {@code FTP2SMS_ROW_SPLITTER_GROUP_ID}, default {@code ftp2sms-row-splitter}: the consumer group
 */
public record RowSplitterSettings(KafkaSettings kafka, String instanceId, int maxRows, long maxBytes, String groupId) {
    public static final int DEFAULT_MAX_ROWS = FileLimits.MAX_DATA_ROWS;
    public static final long DEFAULT_MAX_BYTES = FileLimits.MAX_BYTES;
    public static final String DEFAULT_GROUP_ID = "ftp2sms-row-splitter";

    public RowSplitterSettings {
        if (maxRows < 1 || maxBytes < 1) {
            throw new SettingsException("row splitter limits must be positive (rows " + maxRows + ", bytes " + maxBytes + ")");
        }
    }

    /** With the default consumer group. */
    public RowSplitterSettings(KafkaSettings kafka, String instanceId, int maxRows, long maxBytes) {
        this(kafka, instanceId, maxRows, maxBytes, DEFAULT_GROUP_ID);
    }

    public static RowSplitterSettings fromEnv(Env env) {
        return new RowSplitterSettings(
                KafkaSettings.fromEnv(env),
                env.instanceId(),
                env.integer(FileLimits.MAX_ROWS_VARIABLE, DEFAULT_MAX_ROWS),
                env.longValue(FileLimits.MAX_BYTES_VARIABLE, DEFAULT_MAX_BYTES),
                env.string("FTP2SMS_ROW_SPLITTER_GROUP_ID", DEFAULT_GROUP_ID));
    }

}
