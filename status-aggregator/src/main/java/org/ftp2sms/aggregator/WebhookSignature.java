package org.ftp2sms.aggregator;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The {@value #HEADER} header of every webhook call: {@code sha256=<lower-case hex HMAC-SHA256 of the exact body
 * bytes, keyed with the UTF-8 bytes of the connector's webhook secret>}. A receiver computes the same over the raw
 * body it received (before any JSON parsing) and compares in constant time.
 */
public final class WebhookSignature {
    public static final String HEADER = "X-Ftp2sms-Signature";
    private static final String PREFIX = "sha256=";

    private WebhookSignature() {
    }

    public static String of(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** What a receiver does: true when {@code header} is the signature of {@code body} with {@code secret}. */
    public static boolean verify(byte[] body, String secret, String header) {
        return header != null && MessageDigest.isEqual(of(body, secret).getBytes(StandardCharsets.US_ASCII),
                header.getBytes(StandardCharsets.US_ASCII));
    }
}
