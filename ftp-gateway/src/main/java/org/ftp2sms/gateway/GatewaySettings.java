package org.ftp2sms.gateway;

import org.ftp2sms.contract.FileLimits;
import org.ftp2sms.service.Env;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.service.SettingsException;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the ftp-gateway.
 *
 * @param kafka          {@code FTP2SMS_KAFKA_BOOTSTRAP} (and {@code FTP2SMS_KAFKA_CONFIG_FILE})
 * @param dataDir        {@code FTP2SMS_DATA_DIR}, default {@code ./ftp2sms-data}: customer homes under {@code homes/},
 *                       taken uploads under {@code store/}, the SSH host key under {@code ssh/}, the generated TLS
 *                       certificate under {@code tls/}
 * @param bindHost       {@code FTP2SMS_SFTP_BIND}, default {@code 0.0.0.0}: the address both servers bind
 * @param sftpPort       {@code FTP2SMS_SFTP_PORT}, default {@code 2222}; 0 binds any free port
 * @param ftps           the FTPS server, see {@link Ftps}
 * @param maxUploadBytes {@code FTP2SMS_MAX_FILE_BYTES}, default 20 MB (20971520): an upload is cut off past it (the splitter reads the same limit)
 * @param idleTimeout    {@code FTP2SMS_IDLE_TIMEOUT} (formerly {@code FTP2SMS_SFTP_IDLE_TIMEOUT}), default
 *                       {@code PT10M}: an idle SFTP or FTPS session is closed
 * @param maxSessionsPerConnector {@code FTP2SMS_MAX_SESSIONS_PER_CONNECTOR}, default 10: further logins of that
 *                       connector are refused while that many sessions are open (SFTP and FTPS together)
 * @param logins         brute-force limits, see {@link LoginLimits}
 * @param temporaryUploads uploads under temporary names, see {@link TemporaryUploads}
 * @param instanceId     {@code FTP2SMS_INSTANCE_ID}, default the host name: names this instance's Kafka clients
 */
public record GatewaySettings(
        KafkaSettings kafka,
        Path dataDir,
        String bindHost,
        int sftpPort,
        Ftps ftps,
        long maxUploadBytes,
        Duration idleTimeout,
        int maxSessionsPerConnector,
        LoginLimits logins,
        TemporaryUploads temporaryUploads,
        String instanceId) {

    public static final long DEFAULT_MAX_UPLOAD_BYTES = FileLimits.MAX_BYTES;

    /**
     * The explicit-TLS FTP server ({@code AUTH TLS}; TLS and {@code PROT P} required).
     *
     * @param port             {@code FTP2SMS_FTPS_PORT}, default {@code 2121} ({@code --ftps-port}); 0 binds any free port
     * @param passivePorts     {@code FTP2SMS_FTPS_PASSIVE_PORTS}, default {@code 30000-30009} ({@code --ftps-passive-ports}):
     *                         the data connection ports, {@code from-to} (or one port, or a comma-separated list of both)
     * @param externalAddress  {@code FTP2SMS_FTPS_EXTERNAL_ADDRESS}, default none (the address the client connected to):
     *                         the address announced in passive replies, e.g. a Kubernetes load balancer's
     * @param keystore         {@code FTP2SMS_FTPS_KEYSTORE}, default none: a PKCS12 keystore holding the certificate and
     *                         its key; without one a self-signed certificate is generated once into
     *                         {@code <dataDir>/tls/} and reused
     * @param keystorePassword {@code FTP2SMS_FTPS_KEYSTORE_PASSWORD}: the keystore's (and key's) password
     * @param maxDataConnectionsPerConnector {@code FTP2SMS_FTPS_MAX_DATA_CONNECTIONS_PER_CONNECTOR}, default 2: passive
     *                         ports one connector may hold at once, so that one account cannot take the whole range
     * @param requireTlsReuse  {@code FTP2SMS_FTPS_REQUIRE_TLS_REUSE}, default {@code true}: a data connection must resume
     *                         its control connection's TLS session (vsftpd's {@code require_ssl_reuse}), else it is
     *                         closed before any data; TLS 1.2 only while on (BouncyCastle's JSSE does not resume TLS 1.3
     *                         sessions), TLS 1.3 and 1.2 when off
     */
    public record Ftps(int port, String passivePorts, String externalAddress, Path keystore, String keystorePassword,
                       int maxDataConnectionsPerConnector, boolean requireTlsReuse) {
        public static final int DEFAULT_PORT = 2121;
        public static final String DEFAULT_PASSIVE_PORTS = "30000-30009";
        public static final int DEFAULT_MAX_DATA_CONNECTIONS_PER_CONNECTOR = 2;

        public Ftps {
            if (port < 0 || port > 65535) {
                throw new SettingsException("FTP2SMS_FTPS_PORT: expected 0..65535, got " + port);
            }
            if (passivePorts == null || !passivePorts.strip().matches("\\d{1,5}(-\\d{1,5})?(\\s*,\\s*\\d{1,5}(-\\d{1,5})?)*")) {
                throw new SettingsException("FTP2SMS_FTPS_PASSIVE_PORTS: expected a port range such as 30000-30009, got '"
                        + passivePorts + "'");
            }
            passivePorts = passivePorts.strip();
            if (keystore != null && keystorePassword == null) {
                throw new SettingsException("FTP2SMS_FTPS_KEYSTORE_PASSWORD is required with FTP2SMS_FTPS_KEYSTORE");
            }
            if (maxDataConnectionsPerConnector < 1) {
                throw new SettingsException("FTP2SMS_FTPS_MAX_DATA_CONNECTIONS_PER_CONNECTOR: expected at least 1, got "
                        + maxDataConnectionsPerConnector);
            }
        }

        static Ftps fromEnv(Env env) {
            String keystore = env.string("FTP2SMS_FTPS_KEYSTORE", null);
            return new Ftps(
                    env.integer("FTP2SMS_FTPS_PORT", DEFAULT_PORT),
                    env.string("FTP2SMS_FTPS_PASSIVE_PORTS", DEFAULT_PASSIVE_PORTS),
                    env.string("FTP2SMS_FTPS_EXTERNAL_ADDRESS", null),
                    keystore == null ? null : Path.of(keystore),
                    env.string("FTP2SMS_FTPS_KEYSTORE_PASSWORD", null),
                    env.integer("FTP2SMS_FTPS_MAX_DATA_CONNECTIONS_PER_CONNECTOR", DEFAULT_MAX_DATA_CONNECTIONS_PER_CONNECTOR),
                    env.bool("FTP2SMS_FTPS_REQUIRE_TLS_REUSE", true));
        }
    }

    /**
     * Brute-force protection ({@link LoginGuard}): after {@code maxFailures} failed logins of one user name from one
     * address (or twice that from one address, whatever the names), each further attempt from there waits a delay
     * that doubles with every failure, from 1 s up to {@code lockout}. The user name itself is never locked.
     *
     * @param maxFailures   {@code FTP2SMS_LOGIN_MAX_FAILURES}, default 5
     * @param failureWindow {@code FTP2SMS_LOGIN_FAILURE_WINDOW}, default {@code PT5M}: failures are forgotten this
     *                      long after the last one (and its delay)
     * @param lockout       {@code FTP2SMS_LOGIN_LOCKOUT}, default {@code PT15M}: the longest delay
     */
    public record LoginLimits(int maxFailures, Duration failureWindow, Duration lockout) {
        public static final LoginLimits DEFAULT = new LoginLimits(5, Duration.ofMinutes(5), Duration.ofMinutes(15));

        public LoginLimits {
            if (maxFailures < 1) {
                throw new SettingsException("FTP2SMS_LOGIN_MAX_FAILURES: expected at least 1, got " + maxFailures);
            }
            if (failureWindow.isNegative() || failureWindow.isZero() || lockout.isNegative() || lockout.isZero()) {
                throw new SettingsException("FTP2SMS_LOGIN_FAILURE_WINDOW and FTP2SMS_LOGIN_LOCKOUT must be positive");
            }
        }

        static LoginLimits fromEnv(Env env) {
            return new LoginLimits(
                    env.integer("FTP2SMS_LOGIN_MAX_FAILURES", DEFAULT.maxFailures()),
                    env.duration("FTP2SMS_LOGIN_FAILURE_WINDOW", DEFAULT.failureWindow()),
                    env.duration("FTP2SMS_LOGIN_LOCKOUT", DEFAULT.lockout()));
        }
    }

    /**
     * Uploads written under a temporary name and renamed when done (WinSCP, rclone, scripts that make an upload
     * atomic): kept in the home at close, taken at the rename to a final name.
     *
     * @param names  {@code FTP2SMS_TEMPORARY_NAMES}, default {@value TemporaryNames#DEFAULT_PATTERNS}: comma-separated
     *               globs of file names that are never taken on close
     * @param maxAge {@code FTP2SMS_TEMPORARY_MAX_AGE}, default {@code PT1H}: a temporary file not written or renamed
     *               for that long is deleted, never processed
     */
    public record TemporaryUploads(String names, Duration maxAge) {
        public static final TemporaryUploads DEFAULT = new TemporaryUploads(TemporaryNames.DEFAULT_PATTERNS, Duration.ofHours(1));

        public TemporaryUploads {
            TemporaryNames.of(names); // fails early on a bad pattern
            if (maxAge.isNegative() || maxAge.isZero()) {
                throw new SettingsException("FTP2SMS_TEMPORARY_MAX_AGE must be positive, got " + maxAge);
            }
        }

        TemporaryNames matcher() {
            return TemporaryNames.of(names);
        }

        static TemporaryUploads fromEnv(Env env) {
            return new TemporaryUploads(env.string("FTP2SMS_TEMPORARY_NAMES", DEFAULT.names()),
                    env.duration("FTP2SMS_TEMPORARY_MAX_AGE", DEFAULT.maxAge()));
        }
    }

    public GatewaySettings {
        if (sftpPort < 0 || sftpPort > 65535) {
            throw new SettingsException("FTP2SMS_SFTP_PORT: expected 0..65535, got " + sftpPort);
        }
        if (maxUploadBytes <= 0) {
            throw new SettingsException("FTP2SMS_MAX_FILE_BYTES: expected a positive number of bytes, got " + maxUploadBytes);
        }
        if (maxSessionsPerConnector < 1) {
            throw new SettingsException("FTP2SMS_MAX_SESSIONS_PER_CONNECTOR: expected at least 1, got " + maxSessionsPerConnector);
        }
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    public static GatewaySettings fromEnv(Env env) {
        long maxUploadBytes = env.longValue(FileLimits.MAX_BYTES_VARIABLE, FileLimits.MAX_BYTES);
        Duration idleTimeout = env.duration("FTP2SMS_IDLE_TIMEOUT",
                env.duration("FTP2SMS_SFTP_IDLE_TIMEOUT", Duration.ofMinutes(10)));
        return new GatewaySettings(
                KafkaSettings.fromEnv(env),
                env.path("FTP2SMS_DATA_DIR", Path.of("ftp2sms-data")),
                env.string("FTP2SMS_SFTP_BIND", "0.0.0.0"),
                env.integer("FTP2SMS_SFTP_PORT", 2222),
                Ftps.fromEnv(env),
                maxUploadBytes,
                idleTimeout,
                env.integer("FTP2SMS_MAX_SESSIONS_PER_CONNECTOR", 10),
                LoginLimits.fromEnv(env),
                TemporaryUploads.fromEnv(env),
                env.instanceId());
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

    public Path tlsDir() {
        return dataDir.resolve("tls");
    }

}
