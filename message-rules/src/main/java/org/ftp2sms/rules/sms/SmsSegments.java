package org.ftp2sms.rules.sms;

import org.ftp2sms.contract.Encoding;

import java.util.ArrayList;
import java.util.List;

/**
 * The texts of the SMS parts a message is sent as. One part when the whole text fits a single SMS (160 GSM-7
 * septets, 70 UCS-2 units); else parts of at most 153 septets / 67 units, the rest of each SMS carrying the
 * concatenation header. Characters are packed whole: a GSM extension character (ESC + code, two septets) or a
 * UTF-16 surrogate pair never straddles two parts, because a handset cannot join half a character.
 *
 * <p>{@link SmsLayouts} counts parts with this same packing, so the count the renderer checks against
 * {@code maxParts} is exactly the number of submits the dispatcher makes.
 */
public final class SmsSegments {
    private SmsSegments() {
    }

    /**
     * The parts of {@code text} in {@code encoding}; GSM7 requires every character to be in the alphabet.
     * An empty text has no part.
     */
    public static List<String> split(String text, Encoding encoding) {
        if (text.isEmpty()) {
            return List.of();
        }
        boolean gsm = encoding == Encoding.GSM7;
        int total = gsm ? Gsm7Alphabet.septetCount(text) : text.length();
        if (total <= (gsm ? SmsLayouts.GSM7_SINGLE : SmsLayouts.UCS2_SINGLE)) {
            return List.of(text);
        }
        int limit = gsm ? SmsLayouts.GSM7_PART : SmsLayouts.UCS2_PART;
        List<String> parts = new ArrayList<>(total / limit + 1);
        int start = 0;
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int chars = Character.charCount(text.codePointAt(i));
            int size = gsm ? Gsm7Alphabet.septets(text.charAt(i)) : chars;
            if (used + size > limit) {
                parts.add(text.substring(start, i));
                start = i;
                used = 0;
            }
            used += size;
            i += gsm ? 1 : chars;
        }
        parts.add(text.substring(start));
        return parts;
    }

    /** How many parts {@link #split} gives, without building them. */
    public static int count(String text, Encoding encoding) {
        if (text.isEmpty()) {
            return 0;
        }
        boolean gsm = encoding == Encoding.GSM7;
        int total = gsm ? Gsm7Alphabet.septetCount(text) : text.length();
        if (total <= (gsm ? SmsLayouts.GSM7_SINGLE : SmsLayouts.UCS2_SINGLE)) {
            return 1;
        }
        int limit = gsm ? SmsLayouts.GSM7_PART : SmsLayouts.UCS2_PART;
        int parts = 1;
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int chars = Character.charCount(text.codePointAt(i));
            int size = gsm ? Gsm7Alphabet.septets(text.charAt(i)) : chars;
            if (used + size > limit) {
                parts++;
                used = 0;
            }
            used += size;
            i += gsm ? 1 : chars;
        }
        return parts;
    }
}
