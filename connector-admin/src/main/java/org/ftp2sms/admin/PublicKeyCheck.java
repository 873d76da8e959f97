package org.ftp2sms.admin;

import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;

/**
 * Whether an SSH public key line (OpenSSH format, as in {@code ~/.ssh/id_ed25519.pub}) is one a connector may log in
 * with. The line is parsed and its key decoded by Apache MINA SSHD, the library the gateway checks logins with, so a
 * key accepted here is a key the gateway can read. Accepted: ed25519, ECDSA (nistp256/384/521) and RSA of at least
 * 2048 bits; DSA and short RSA keys are refused as too weak, authorized_keys options as not supported.
 */
final class PublicKeyCheck {
    static final int MIN_RSA_BITS = 2048;
    private static final Set<String> TYPES = Set.of("ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
            "ecdsa-sha2-nistp521", "ssh-rsa");

    private PublicKeyCheck() {
    }

    /** Why {@code line} is refused, or null when it is a usable key. */
    static String problem(String line) {
        if (line == null || line.isBlank()) {
            return "empty: expected an OpenSSH public key line such as 'ssh-ed25519 AAAA... comment'";
        }
        String trimmed = line.strip();
        if (trimmed.contains("\n") || trimmed.contains("\r")) {
            return "one key per entry: this one holds several lines";
        }
        if (trimmed.startsWith("-----BEGIN")) {
            return "a PEM/PKCS key, not an OpenSSH public key line: send the content of the .pub file"
                    + " (ssh-keygen -y -f <private key> prints it)";
        }
        AuthorizedKeyEntry entry;
        PublicKey key;
        try {
            entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(trimmed);
            if (entry == null) {
                return "not an OpenSSH public key line such as 'ssh-ed25519 AAAA... comment'";
            }
            if (entry.getLoginOptions() != null && !entry.getLoginOptions().isEmpty()) {
                return "authorized_keys options are not supported: send only 'type base64-key [comment]'";
            }
            if (!TYPES.contains(entry.getKeyType())) {
                return "key type '" + entry.getKeyType() + "' is not accepted: use ssh-ed25519, ecdsa-sha2-nistp256/384/521"
                        + " or ssh-rsa of at least " + MIN_RSA_BITS + " bits";
            }
            key = entry.resolvePublicKey(null, null);
        } catch (Exception e) {
            return "not a readable OpenSSH public key (" + firstLine(e.getMessage()) + ")";
        }
        if (key == null) {
            return "not a readable OpenSSH public key";
        }
        String decodedType = KeyUtils.getKeyType(key);
        if (!entry.getKeyType().equals(decodedType)) {
            return "the key data is a " + decodedType + " key but the line says " + entry.getKeyType();
        }
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            return "an RSA key of " + rsa.getModulus().bitLength() + " bits is too weak: at least " + MIN_RSA_BITS
                    + " bits (or use ed25519)";
        }
        if (key.getAlgorithm().equals("EC") && !(key instanceof ECPublicKey)) {
            return "not a readable ECDSA key";
        }
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
