package org.ftp2sms.rules.sms;

import java.io.ByteArrayOutputStream;

/**
 * The GSM 03.38 default alphabet with its extension table, as SMPP carries it: one unpacked septet per
 * byte, an extension character as ESC (0x1B) followed by its code, so it counts as two septets.
 */
public final class Gsm7Alphabet {
    private static final char ESC = 0x1B;
    private static final String BASIC =
            "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
                    + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final char[] EXTENSION_CHARS = {'\f', '^', '{', '}', '\\', '[', '~', ']', '|', '€'};
    private static final byte[] EXTENSION_CODES = {0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65};
    /**
     * The basic-table code of each character below U+0100, -1 when it has none (ESC included): nearly every
     * character of a message is there, and searching {@code BASIC} for each cost 7 µs per two-part message.
     */
    private static final byte[] LATIN1_CODES = latin1Codes();

    private Gsm7Alphabet() {
    }

    static {
        if (BASIC.length() != 128) {
            throw new ExceptionInInitializerError("GSM basic table must have 128 characters, has " + BASIC.length());
        }
    }

    /** Septets {@code c} takes: 1 in the basic table, 2 in the extension table, -1 when not encodable. */
    public static int septets(char c) {
        if (basicCode(c) >= 0) {
            return 1;
        }
        return extensionIndex(c) >= 0 ? 2 : -1;
    }

    /** The basic-table code of {@code c}, -1 when it is not there. */
    private static int basicCode(char c) {
        if (c < LATIN1_CODES.length) {
            return LATIN1_CODES[c];
        }
        return BASIC.indexOf(c);
    }

    private static byte[] latin1Codes() {
        byte[] codes = new byte[256];
        for (char c = 0; c < codes.length; c++) {
            codes[c] = (byte) (c == ESC ? -1 : BASIC.indexOf(c));
        }
        return codes;
    }

    public static boolean canEncode(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (septets(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Total septets of {@code text}; it must be encodable. */
    public static int septetCount(CharSequence text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            int n = septets(text.charAt(i));
            if (n < 0) {
                throw new IllegalArgumentException("not in the GSM 7-bit alphabet: U+" + Integer.toHexString(text.charAt(i)));
            }
            count += n;
        }
        return count;
    }

    /** Unpacked septets, one per byte. */
    public static byte[] encode(CharSequence text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int basic = basicCode(c);
            if (basic >= 0) {
                out.write(basic);
                continue;
            }
            int ext = extensionIndex(c);
            if (ext < 0) {
                throw new IllegalArgumentException("not in the GSM 7-bit alphabet: U+" + Integer.toHexString(c));
            }
            out.write(ESC);
            out.write(EXTENSION_CODES[ext]);
        }
        return out.toByteArray();
    }

    /** The inverse of {@link #encode}; an unknown extension code reads as a space, as handsets show it. */
    public static String decode(byte[] septets) {
        StringBuilder text = new StringBuilder(septets.length);
        for (int i = 0; i < septets.length; i++) {
            int code = septets[i] & 0x7F;
            if (code == ESC && i + 1 < septets.length) {
                int next = septets[++i] & 0x7F;
                char c = ' ';
                for (int e = 0; e < EXTENSION_CODES.length; e++) {
                    if (EXTENSION_CODES[e] == next) {
                        c = EXTENSION_CHARS[e];
                    }
                }
                text.append(c);
            } else {
                text.append(BASIC.charAt(code));
            }
        }
        return text.toString();
    }

    private static int extensionIndex(char c) {
        for (int i = 0; i < EXTENSION_CHARS.length; i++) {
            if (EXTENSION_CHARS[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
