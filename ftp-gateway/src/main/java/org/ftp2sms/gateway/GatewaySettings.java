package org.ftp2sms.gateway;

import org.ftp2sms.service.Env;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.service.SettingsException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the ftp-gateway.
 *
 * @param kafka          {@code FTP2SMS_KAFKA_BOOTSTRAP} (and {@code FTP2SMS_KAFKA_CONFIG_FILE})
 * @param dataDir        {@code FTP2SMS_DATA_DIR}, default {@code ./ftp2sms-data}: customer homes under {@code homes/},
 *                       taken uploads under {@code store/}, the SSH host key under {@code ssh/}
 * @param bindHost       {@code FTP2SMS_SFTP_BIND}, default {@code 0.0.0.0}
 * @param sftpPort       {@code FTP2SMS_SFTP_PORT}, default {@code 2222}; 0 binds any free port
 * @param maxUploadBytes {@code FTP2SMS_MAX_UPLOAD_BYTES}, default 20 MB (20971520): an upload is cut off past it
 * @param idleTimeout    {@code FTP2SMS_SFTP_IDLE_TIMEOUT}, default {@code PT10M}: an idle SSH session is closed
 * @param instanceId     {@code FTP2SMS_INSTANCE_ID}, default the host name: names this instance's Kafka clients
 */
public record GatewaySettings(
        KafkaSettings kafka,
        Path dataDir,
        String bindHost,
        int sftpPort,
        long maxUploadBytes,
        Duration idleTimeout,
        String instanceId) {

    public static final long DEFAULT_MAX_UPLOAD_BYTES = 20L * 1024 * 1024;

    public GatewaySettings {
        if (sftpPort < 0 || sftpPort > 65535) {
            throw new SettingsException("FTP2SMS_SFTP_PORT: expected 0..65535, got " + sftpPort);
        }
        if (maxUploadBytes <= 0) {
            throw new SettingsException("FTP2SMS_MAX_UPLOAD_BYTES: expected a positive number of bytes, got " + maxUploadBytes);
        }
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    public static GatewaySettings fromEnv(Env env) {
        String maxUpload = env.string("FTP2SMS_MAX_UPLOAD_BYTES", String.valueOf(DEFAULT_MAX_UPLOAD_BYTES));
        long maxUploadBytes;
        try {
            maxUploadBytes = Long.parseLong(maxUpload);
        } catch (NumberFormatException e) {
            throw new SettingsException("FTP2SMS_MAX_UPLOAD_BYTES: expected a whole number of bytes, got '" + maxUpload + "'");
        }
        return new GatewaySettings(
                KafkaSettings.fromEnv(env),
                env.path("FTP2SMS_DATA_DIR", Path.of("ftp2sms-data")),
                env.string("FTP2SMS_SFTP_BIND", "0.0.0.0"),
                env.integer("FTP2SMS_SFTP_PORT", 2222),
                maxUploadBytes,
                env.duration("FTP2SMS_SFTP_IDLE_TIMEOUT", Duration.ofMinutes(10)),
                env.string("FTP2SMS_INSTANCE_ID", hostName()));
    }

    public Path homesDir() {
        return dataDir.resolve("homes");
    }

    public Path storeDir() {
        return dataDir.resolve("store");
    }

    public Path sshDir() {
        return dataDir.resolve("ssh");
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "local";
        }
    }
}
