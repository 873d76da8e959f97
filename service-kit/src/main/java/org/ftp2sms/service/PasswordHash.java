package org.ftp2sms.service;

import at.favre.lib.crypto.bcrypt.BCrypt;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Connector passwords: generated here, shown once, stored only as a salted bcrypt hash. The admin API hashes,
 * the gateway verifies; both through this class so that the scheme is one.
 */
public final class PasswordHash {
    private static final int COST = 11;
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {
    }

    /** 28 characters from a secure generator, without look-alike characters (about 163 bits). */
    public static String generatePassword() {
        StringBuilder password = new StringBuilder(28);
        for (int i = 0; i < 28; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    public static String hash(String password) {
        return BCrypt.withDefaults().hashToString(COST, password.toCharArray());
    }

    public static boolean matches(String password, String hash) {
        if (password == null || hash == null) {
            return false;
        }
        return BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8)).verified;
    }
}
