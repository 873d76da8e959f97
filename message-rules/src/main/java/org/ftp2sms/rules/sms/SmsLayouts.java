package org.ftp2sms.rules.sms;

import org.ftp2sms.contract.Encoding;

/**
 * Encoding and part count of a text. GSM-7 when every character is in the GSM 03.38 alphabet: one part up to 160
 * septets, else parts of 153 (a user-data header takes the rest). Otherwise UCS-2: one part up to 70 UTF-16 units,
 * else parts of 67. Parts are counted by packing characters, because a handset cannot join a character split
 * across two parts: a GSM extension character (ESC + code) or a UTF-16 surrogate pair moves whole to the next part.
 */
public final class SmsLayouts {
    public static final int GSM7_SINGLE = 160;
    public static final int GSM7_PART = 153;
    public static final int UCS2_SINGLE = 70;
    public static final int UCS2_PART = 67;

    private SmsLayouts() {
    }

    public static SmsLayout of(String text) {
        if (Gsm7Alphabet.canEncode(text)) {
            int septets = Gsm7Alphabet.septetCount(text);
            return new SmsLayout(Encoding.GSM7, septets, septets <= GSM7_SINGLE ? single(septets) : gsm7Parts(text));
        }
        int units = text.length();
        return new SmsLayout(Encoding.UCS2, units, units <= UCS2_SINGLE ? single(units) : ucs2Parts(text));
    }

    private static int single(int units) {
        return units == 0 ? 0 : 1;
    }

    private static int gsm7Parts(String text) {
        int parts = 1;
        int used = 0;
        for (int i = 0; i < text.length(); i++) {
            int size = Gsm7Alphabet.septets(text.charAt(i));
            if (used + size > GSM7_PART) {
                parts++;
                used = 0;
            }
            used += size;
        }
        return parts;
    }

    private static int ucs2Parts(String text) {
        int parts = 1;
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int size = Character.charCount(text.codePointAt(i));
            if (used + size > UCS2_PART) {
                parts++;
                used = 0;
            }
            used += size;
            i += size;
        }
        return parts;
    }
}
