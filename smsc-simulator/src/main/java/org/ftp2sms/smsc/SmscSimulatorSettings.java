package org.ftp2sms.smsc;

import org.ftp2sms.service.Env;
import org.ftp2sms.service.SettingsException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How the SMPP simulator listens and behaves.
 *
 * @param port         {@code FTP2SMS_SMSC_SIM_PORT}, default 2775; 0 picks a free port (see {@link SmscSimulator#port()})
 * @param systemId     {@code FTP2SMS_SMSC_SIM_SYSTEM_ID}, else {@code FTP2SMS_SMSC_SYSTEM_ID}, default {@code ftp2sms};
 *                     binds with another system id are refused
 * @param password     {@code FTP2SMS_SMSC_SIM_PASSWORD}, else {@code FTP2SMS_SMSC_PASSWORD}, default {@code ftp2sms}
 * @param receiptDelay {@code FTP2SMS_SMSC_SIM_RECEIPT_DELAY} (ms or ISO-8601), default 200 ms: time between a
 *                     submit_sm_resp and its delivery receipt
 * @param failPattern  {@code FTP2SMS_SMSC_SIM_FAIL_PATTERN}, default none: a regex on the destination number;
 *                     matching numbers get an UNDELIV receipt
 * @param failError    {@code FTP2SMS_SMSC_SIM_FAIL_ERROR}, default {@value SmscSimulator#FAIL_ERROR}: the {@code err:} of
 *                     those receipts (3 digits, e.g. 027 absent subscriber)
 * @param maxSubmitsPerSecond {@code FTP2SMS_SMSC_SIM_MAX_RATE}, default 0 (no limit): beyond that many submit_sm in
 *                     the last second the simulator answers ESME_RTHROTTLED, as an operator enforcing a bind's rate
 * @param tlsKeystore  {@code FTP2SMS_SMSC_SIM_TLS_KEYSTORE}, default none: a PKCS12 keystore with the simulator's key
 *                     and certificate; then it listens in TLS only ({@code FTP2SMS_SMSC_SIM_TLS_KEYSTORE_PASSWORD})
 */
public record SmscSimulatorSettings(int port, String systemId, String password, Duration receiptDelay, String failPattern,
                                    String failError, int maxSubmitsPerSecond, Path tlsKeystore, String tlsKeystorePassword) {

    public static final int DEFAULT_PORT = 2775;
    public static final String DEFAULT_SYSTEM_ID = "ftp2sms";
    public static final String DEFAULT_PASSWORD = "ftp2sms";
    private static final String FAIL_ERROR_DEFAULT = SmscSimulator.FAIL_ERROR;

    public SmscSimulatorSettings {
        if (port < 0 || port > 65535) {
            throw new SettingsException("FTP2SMS_SMSC_SIM_PORT: not a port: " + port);
        }
        if (systemId == null || systemId.isBlank()) {
            throw new SettingsException("FTP2SMS_SMSC_SIM_SYSTEM_ID must not be empty");
        }
        if (password == null) {
            throw new SettingsException("FTP2SMS_SMSC_SIM_PASSWORD must not be null");
        }
        receiptDelay = receiptDelay == null ? Duration.ofMillis(200) : receiptDelay;
        if (receiptDelay.isNegative()) {
            throw new SettingsException("FTP2SMS_SMSC_SIM_RECEIPT_DELAY must not be negative");
        }
        failError = failError == null || failError.isBlank() ? SmscSimulator.FAIL_ERROR : failError;
        if (maxSubmitsPerSecond < 0) {
            throw new SettingsException("FTP2SMS_SMSC_SIM_MAX_RATE must not be negative");
        }
        if (failPattern != null && failPattern.isBlank()) {
            failPattern = null;
        }
        if (failPattern != null) {
            try {
                Pattern.compile(failPattern);
            } catch (PatternSyntaxException e) {
                throw new SettingsException("FTP2SMS_SMSC_SIM_FAIL_PATTERN: not a regular expression: " + e.getDescription());
            }
        }
    }

    /** A simulator on a free port with the default credentials, 200 ms receipts and no failures (for tests). */
    public static SmscSimulatorSettings forTests() {
        return new SmscSimulatorSettings(0, DEFAULT_SYSTEM_ID, DEFAULT_PASSWORD, Duration.ofMillis(200), null, null, 0, null, null);
    }

    public SmscSimulatorSettings withFailError(String newFailError) {
        return new SmscSimulatorSettings(port, systemId, password, receiptDelay, failPattern, newFailError, maxSubmitsPerSecond,
                tlsKeystore, tlsKeystorePassword);
    }

    public SmscSimulatorSettings withMaxSubmitsPerSecond(int newMax) {
        return new SmscSimulatorSettings(port, systemId, password, receiptDelay, failPattern, failError, newMax,
                tlsKeystore, tlsKeystorePassword);
    }

    public SmscSimulatorSettings withPort(int newPort) {
        return new SmscSimulatorSettings(newPort, systemId, password, receiptDelay, failPattern, failError, maxSubmitsPerSecond,
                tlsKeystore, tlsKeystorePassword);
    }

    public SmscSimulatorSettings withFailPattern(String newFailPattern) {
        return new SmscSimulatorSettings(port, systemId, password, receiptDelay, newFailPattern, failError, maxSubmitsPerSecond,
                tlsKeystore, tlsKeystorePassword);
    }

    public SmscSimulatorSettings withReceiptDelay(Duration newDelay) {
        return new SmscSimulatorSettings(port, systemId, password, newDelay, failPattern, failError, maxSubmitsPerSecond,
                tlsKeystore, tlsKeystorePassword);
    }

    /** Listens in TLS with this PKCS12 keystore's key and certificate. */
    public SmscSimulatorSettings withTls(Path keystore, String keystorePassword) {
        return new SmscSimulatorSettings(port, systemId, password, receiptDelay, failPattern, failError, maxSubmitsPerSecond,
                keystore, keystorePassword);
    }

    public static SmscSimulatorSettings fromEnv(Env env) {
        return new SmscSimulatorSettings(
                env.integer("FTP2SMS_SMSC_SIM_PORT", DEFAULT_PORT),
                env.string("FTP2SMS_SMSC_SIM_SYSTEM_ID", env.string("FTP2SMS_SMSC_SYSTEM_ID", DEFAULT_SYSTEM_ID)),
                env.string("FTP2SMS_SMSC_SIM_PASSWORD", env.string("FTP2SMS_SMSC_PASSWORD", DEFAULT_PASSWORD)),
                env.duration("FTP2SMS_SMSC_SIM_RECEIPT_DELAY", Duration.ofMillis(200)),
                env.string("FTP2SMS_SMSC_SIM_FAIL_PATTERN", null),
                env.string("FTP2SMS_SMSC_SIM_FAIL_ERROR", FAIL_ERROR_DEFAULT),
                env.integer("FTP2SMS_SMSC_SIM_MAX_RATE", 0),
                env.path("FTP2SMS_SMSC_SIM_TLS_KEYSTORE", null),
                env.string("FTP2SMS_SMSC_SIM_TLS_KEYSTORE_PASSWORD", null));
    }
}
