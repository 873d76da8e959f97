package org.ftp2sms.admin;

import org.ftp2sms.service.Env;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.service.SettingsException;

/**
 * Settings of connector-admin.
 *
 * @param kafka      {@code FTP2SMS_KAFKA_BOOTSTRAP}
 * @param httpPort   {@code FTP2SMS_HTTP_PORT}, default 8080 (0: any free port)
 * @param adminToken {@code FTP2SMS_ADMIN_TOKEN}, required: the bearer token of the admin API
 * @param publicHost {@code FTP2SMS_PUBLIC_HOST}, default {@code localhost}: the host customers connect to, shown in credentials
 * @param sftpPort   {@code FTP2SMS_PUBLIC_SFTP_PORT}, default 2222: the SFTP port customers connect to
 * @param ftpsPort   {@code FTP2SMS_PUBLIC_FTPS_PORT}, default 2121: the FTPS port customers connect to
 */
public record AdminSettings(KafkaSettings kafka, int httpPort, String adminToken, String publicHost, int sftpPort,
                            int ftpsPort) {

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
                env.integer("FTP2SMS_PUBLIC_FTPS_PORT", 2121));
    }
}
