package org.ftp2sms.gateway;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.ftp2sms.gateway.GatewaySettings.Ftps;
import org.ftp2sms.service.SettingsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;

/**
 * The FTPS server's certificate: the configured PKCS12 keystore, or else a self-signed one generated at the
 * first start into {@code <dataDir>/tls/} and reused, so clients that pinned it keep trusting it after a restart.
 */
final class FtpsCertificate {
    private static final Logger log = LoggerFactory.getLogger(FtpsCertificate.class);
    static final String ALIAS = "ftp2sms-ftps";
    private static final Duration VALIDITY = Duration.ofDays(10 * 365);

    /** A PKCS12 keystore and its password (also the key's). */
    record Keystore(Path file, String password) {
    }

    private FtpsCertificate() {
    }

    static Keystore resolve(Ftps ftps, Path tlsDir, Clock clock) throws IOException {
        if (ftps.keystore() != null) {
            Keystore configured = new Keystore(ftps.keystore().toAbsolutePath(), ftps.keystorePassword());
            try {
                load(configured);
            } catch (IOException | GeneralSecurityException e) {
                throw new SettingsException("FTP2SMS_FTPS_KEYSTORE: cannot read " + configured.file()
                        + " as PKCS12 with FTP2SMS_FTPS_KEYSTORE_PASSWORD: " + e.getMessage());
            }
            return configured;
        }
        Path file = tlsDir.resolve("ftps-self-signed.p12");
        Path passwordFile = tlsDir.resolve("ftps-self-signed.password");
        if (Files.exists(file) && Files.exists(passwordFile)) {
            return new Keystore(file, Files.readString(passwordFile, StandardCharsets.UTF_8).strip());
        }
        return generate(tlsDir, file, passwordFile, clock);
    }

    private static Keystore generate(Path tlsDir, Path file, Path passwordFile, Clock clock) throws IOException {
        Files.createDirectories(tlsDir);
        try {
            Files.setPosixFilePermissions(tlsDir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: rely on the data dir's own protection
        }
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            Instant now = clock.instant();
            X500Name subject = new X500Name("CN=ftp2sms ftp-gateway");
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, keys.getPrivate(), password.toCharArray(), new X509Certificate[]{certificate});
            // written beside, then renamed: a crash mid-way never leaves a half keystore to be "reused"
            Path tmp = tlsDir.resolve(file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                store.store(out, password.toCharArray());
            }
            Path tmpPassword = tlsDir.resolve(passwordFile.getFileName() + ".tmp");
            Files.writeString(tmpPassword, password, StandardCharsets.UTF_8);
            Files.move(tmpPassword, passwordFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot generate the FTPS certificate: " + e.getMessage(), e);
        }
        log.info("ftps self-signed certificate generated: {}", file);
        return new Keystore(file, password);
    }

    private static KeyStore load(Keystore keystore) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore.file())) {
            store.load(in, keystore.password().toCharArray());
        }
        return store;
    }
}
