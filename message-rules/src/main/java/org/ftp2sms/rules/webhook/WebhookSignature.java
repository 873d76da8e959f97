package org.ftp2sms.rules.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Webhook signatures in the Standard Webhooks layout, so receivers can use any of its libraries: the headers
 * {@value #ID} (the event id, the same on every retry), {@value #TIMESTAMP} (Unix seconds of this attempt) and
 * {@value #SIGNATURE} = {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}. The timestamp is signed, so a
 * receiver that refuses calls older than a few minutes cannot be fed a captured call again.
 *
 * <p>The HMAC key: for a {@code whsec_} secret (what is generated), the base64 after the prefix, decoded; for a
 * secret a customer chose without the prefix, its UTF-8 bytes.
 */
public final class WebhookSignature {
    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";
    public static final String SECRET_PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {
    }

    /** A new secret: {@code whsec_} and the base64 of 32 random bytes. */
    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The three headers of one attempt, in order. */
    public static Map<String, String> headers(String id, long timestampSeconds, byte[] body, String secret) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ID, id);
        headers.put(TIMESTAMP, String.valueOf(timestampSeconds));
        headers.put(SIGNATURE, sign(id, timestampSeconds, body, secret));
        return headers;
    }

    public static String sign(String id, long timestampSeconds, byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /**
     * What a receiver does: true when one of the space-separated signatures in {@code signatureHeader} is the
     * signature of that id, timestamp and raw body (compared in constant time). The receiver also checks the
     * timestamp is recent.
     */
    public static boolean verify(String id, String timestamp, byte[] body, String secret, String signatureHeader) {
        if (id == null || timestamp == null || signatureHeader == null || !timestamp.matches("\\d{1,19}")) {
            return false;
        }
        byte[] expected = sign(id, Long.parseLong(timestamp), body, secret).getBytes(StandardCharsets.US_ASCII);
        for (String candidate : signatureHeader.split(" ")) {
            if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] key(String secret) {
        if (secret.startsWith(SECRET_PREFIX)) {
            return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }
}
