package org.ftp2sms.admin;

import org.ftp2sms.rules.webhook.WebhookAddresses;
import org.ftp2sms.service.Env;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.service.SettingsException;

import java.nio.file.Path;

/**
 * Settings of connector-admin.
 *
 * @param kafka      {@code FTP2SMS_KAFKA_BOOTSTRAP}
 * @param httpPort   {@code FTP2SMS_HTTP_PORT}, default 8080 (0: any free port)
 * @param httpBind   {@code FTP2SMS_HTTP_BIND}, default {@code 0.0.0.0} (a service behind its Kubernetes Service;
 *                   {@code standalone} defaults to {@code 127.0.0.1})
 * @param adminToken {@code FTP2SMS_ADMIN_TOKEN}, required: the bearer token of the admin API, at least
 *                   {@value #MIN_TOKEN_CHARS} characters
 * @param publicHost {@code FTP2SMS_PUBLIC_HOST}, default {@code localhost}: the host customers connect to, shown in credentials
 * @param sftpPort   {@code FTP2SMS_PUBLIC_SFTP_PORT}, default 2222: the SFTP port customers connect to
 * @param ftpsPort   {@code FTP2SMS_PUBLIC_FTPS_PORT}, default 2121: the FTPS port customers connect to
 * @param webhookAddresses {@code FTP2SMS_WEBHOOK_ALLOW_HTTP}, {@code FTP2SMS_WEBHOOK_ALLOW_PRIVATE_ADDRESSES}: which
 *                   webhook URLs are accepted (the status-aggregator applies the same at each call)
 * @param storage    where the exports are read and the per-file progress keeps its state
 */
public record AdminSettings(KafkaSettings kafka, int httpPort, String httpBind, String adminToken, String publicHost,
                            int sftpPort, int ftpsPort, WebhookAddresses webhookAddresses, Storage storage) {
    /** 32 characters: 128 bits or more from any reasonable generator, out of reach of guessing. */
    public static final int MIN_TOKEN_CHARS = 32;

    /**
     * What connector-admin keeps or reads on disk.
     *
     * @param dataDir                {@code FTP2SMS_DATA_DIR}, default {@code ./ftp2sms-data}: the connectors' export files
     *                               are read from {@code <dataDir>/homes/<connectorId>/exports/} (the directory the
     *                               status-aggregator writes them into), for download
     * @param stateDir               {@code FTP2SMS_STREAMS_STATE_DIR}, default {@code <dataDir>/streams}: the per-file
     *                               progress in RocksDB, rebuilt from its changelogs when lost
     * @param applicationId          {@code FTP2SMS_ADMIN_APPLICATION_ID}, default {@code ftp2sms-admin}: the Kafka Streams
     *                               application of the per-file progress
     * @param progressRetentionDays  {@code FTP2SMS_PROGRESS_RETENTION_DAYS}, default 30: a file's progress is forgotten
     *                               this long after its last change
     */
    public record Storage(Path dataDir, Path stateDir, String applicationId, int progressRetentionDays) {
        public static final String DEFAULT_APPLICATION_ID = "ftp2sms-admin";

        public Storage {
            if (progressRetentionDays < 1) {
                throw new SettingsException("FTP2SMS_PROGRESS_RETENTION_DAYS must be 1 or more, got " + progressRetentionDays);
            }
        }

        public static Storage fromEnv(Env env) {
            Path dataDir = env.path("FTP2SMS_DATA_DIR", Path.of("./ftp2sms-data"));
            return new Storage(dataDir, env.path("FTP2SMS_STREAMS_STATE_DIR", dataDir.resolve("streams")),
                    env.string("FTP2SMS_ADMIN_APPLICATION_ID", DEFAULT_APPLICATION_ID),
                    env.integer("FTP2SMS_PROGRESS_RETENTION_DAYS", 30));
        }

        /** Where the status-aggregator writes the export files of {@code connectorId}. */
        public Path exportsDir(String connectorId) {
            return dataDir.resolve("homes").resolve(connectorId).resolve("exports");
        }
    }

    public AdminSettings {
        if (adminToken == null || adminToken.length() < MIN_TOKEN_CHARS) {
            throw new SettingsException("FTP2SMS_ADMIN_TOKEN is required and must have at least " + MIN_TOKEN_CHARS
                    + " characters");
        }
    }

    /** On every interface, with webhooks restricted to public https URLs. */
    public AdminSettings(KafkaSettings kafka, int httpPort, String adminToken, String publicHost, int sftpPort, int ftpsPort,
                         Storage storage) {
        this(kafka, httpPort, "0.0.0.0", adminToken, publicHost, sftpPort, ftpsPort, WebhookAddresses.STRICT, storage);
    }

    public static AdminSettings fromEnv(Env env) {
        return new AdminSettings(KafkaSettings.fromEnv(env),
                env.integer("FTP2SMS_HTTP_PORT", 8080),
                env.string("FTP2SMS_HTTP_BIND", "0.0.0.0"),
                env.string("FTP2SMS_ADMIN_TOKEN", null),
                env.string("FTP2SMS_PUBLIC_HOST", "localhost"),
                env.integer("FTP2SMS_PUBLIC_SFTP_PORT", 2222),
                env.integer("FTP2SMS_PUBLIC_FTPS_PORT", 2121),
                new WebhookAddresses(env.bool("FTP2SMS_WEBHOOK_ALLOW_HTTP", false),
                        env.bool("FTP2SMS_WEBHOOK_ALLOW_PRIVATE_ADDRESSES", false)),
                Storage.fromEnv(env));
    }
}
