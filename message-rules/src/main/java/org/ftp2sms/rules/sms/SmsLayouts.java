package org.ftp2sms.rules.sms;

import org.ftp2sms.contract.Encoding;

/**
 * Encoding and part count of a text. GSM-7 when every character is in the GSM 03.38 alphabet: one part up to 160
 * septets, else parts of 153 (a user-data header takes the rest). Otherwise UCS-2: one part up to 70 UTF-16 units,
 * else parts of 67. Parts are counted by packing characters, because a handset cannot join a character split
 * across two parts: a GSM extension character (ESC + code) or a UTF-16 surrogate pair moves whole to the next part.
 * The packing is {@link SmsSegments}'s, the one the dispatcher sends with.
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
            return new SmsLayout(Encoding.GSM7, septets, septets <= GSM7_SINGLE ? single(septets) : SmsSegments.count(text, Encoding.GSM7));
        }
        int units = text.length();
        return new SmsLayout(Encoding.UCS2, units, units <= UCS2_SINGLE ? single(units) : SmsSegments.count(text, Encoding.UCS2));
    }

    private static int single(int units) {
        return units == 0 ? 0 : 1;
    }
}
