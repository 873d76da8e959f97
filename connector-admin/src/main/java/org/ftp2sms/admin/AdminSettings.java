package org.ftp2sms.admin;

import org.ftp2sms.service.Env;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.service.SettingsException;

import java.nio.file.Path;

/**
 * Settings of connector-admin.
 *
 * @param kafka      {@code FTP2SMS_KAFKA_BOOTSTRAP}
 * @param httpPort   {@code FTP2SMS_HTTP_PORT}, default 8080 (0: any free port)
 * @param adminToken {@code FTP2SMS_ADMIN_TOKEN}, required: the bearer token of the admin API
 * @param publicHost {@code FTP2SMS_PUBLIC_HOST}, default {@code localhost}: the host customers connect to, shown in credentials
 * @param sftpPort   {@code FTP2SMS_PUBLIC_SFTP_PORT}, default 2222: the SFTP port customers connect to
 * @param ftpsPort   {@code FTP2SMS_PUBLIC_FTPS_PORT}, default 2121: the FTPS port customers connect to
 * @param progress   where the per-file progress aggregation keeps its state
 */
public record AdminSettings(KafkaSettings kafka, int httpPort, String adminToken, String publicHost, int sftpPort,
                            int ftpsPort, Progress progress) {

    /**
     * The per-file progress aggregation (a Kafka Streams application inside connector-admin).
     *
     * @param applicationId {@code FTP2SMS_ADMIN_APPLICATION_ID}, default {@code ftp2sms-admin}
     * @param stateDir      {@code FTP2SMS_STREAMS_STATE_DIR}, default {@code <FTP2SMS_DATA_DIR>/streams}: RocksDB,
     *                      rebuilt from its changelogs when lost
     * @param retentionDays {@code FTP2SMS_PROGRESS_RETENTION_DAYS}, default 30: a file's progress is forgotten this
     *                      long after its last change
     */
    public record Progress(String applicationId, Path stateDir, int retentionDays) {
        public static final String DEFAULT_APPLICATION_ID = "ftp2sms-admin";

        public Progress {
            if (retentionDays < 1) {
                throw new SettingsException("FTP2SMS_PROGRESS_RETENTION_DAYS must be 1 or more, got " + retentionDays);
            }
        }

        public static Progress fromEnv(Env env) {
            Path dataDir = env.path("FTP2SMS_DATA_DIR", Path.of("./ftp2sms-data"));
            return new Progress(env.string("FTP2SMS_ADMIN_APPLICATION_ID", DEFAULT_APPLICATION_ID),
                    env.path("FTP2SMS_STREAMS_STATE_DIR", dataDir.resolve("streams")),
                    env.integer("FTP2SMS_PROGRESS_RETENTION_DAYS", 30));
        }
    }

    public AdminSettings {
        if (adminToken == null || adminToken.length() < 16) {
            throw new SettingsException("FTP2SMS_ADMIN_TOKEN is required and must have at least 16 characters");
        }
    }

    public static AdminSettings fromEnv(Env env) {
        return new AdminSettings(KafkaSettings.fromEnv(env),
                env.integer("FTP2SMS_HTTP_PORT", 8080),
                env.string("FTP2SMS_ADMIN_TOKEN", null),
                env.string("FTP2SMS_PUBLIC_HOST", "localhost"),
                env.integer("FTP2SMS_PUBLIC_SFTP_PORT", 2222),
                env.integer("FTP2SMS_PUBLIC_FTPS_PORT", 2121),
                Progress.fromEnv(env));
    }
}
