package org.ftp2sms.rules.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.ftp2sms.contract.StatusCode;

import java.util.Locale;

/**
 * Phone numbers as written in customers' files to E.164 digits without {@code +} (libphonenumber).
 *
 * <p>Accepted: spaces, dots, slashes, dashes and brackets; a leading {@code +} or {@code 00} for an international
 * number; a local number takes {@code defaultCountry}'s prefix ({@code 0476123456} with BE gives
 * {@code 32476123456}). A number of digits only that is not valid in the default country is tried once more as
 * international, because spreadsheets drop the {@code +} of {@code +32476123456}.
 *
 * <p>The number must be <em>valid</em> ({@code isValidNumber}: a range the numbering plan assigns), not merely of a
 * possible length: SMS to unassigned ranges only fail later at the operator, and the customer learns more from an
 * immediate 821 with a reason. Letters are refused rather than read as a vanity number (libphonenumber would turn
 * {@code 3.24761E+10}, a spreadsheet's rendering of a number, into digits).
 */
public final class PhoneNormalizer {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNormalizer() {
    }

    public static PhoneResult normalize(String raw, String defaultCountry) {
        if (raw == null || raw.isBlank()) {
            return PhoneResult.refused(StatusCode.EMPTY_PHONE, "the phone number is empty");
        }
        String text = raw.strip();
        // One pass over the characters instead of regular expressions: this runs for every row of every file.
        StringBuilder digits = new StringBuilder(text.length() + 1);
        boolean letters = false;
        boolean otherCharacters = false;
        boolean misplacedPlus = false;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c >= '0' && c <= '9') {
                digits.append((char) c);
            } else if (c == '+') {
                misplacedPlus |= digits.length() > 0;
                digits.append('+');
            } else if (Character.isLetter(c)) {
                letters = true;
            } else if (!isSeparator(c)) {
                otherCharacters = true;
            }
        }
        if (letters) {
            return PhoneResult.refused(StatusCode.INVALID_PHONE, "the phone number contains letters");
        }
        if (otherCharacters) {
            return PhoneResult.refused(StatusCode.INVALID_PHONE, "the phone number contains characters other than digits, +, spaces, dots, dashes, slashes and brackets");
        }
        boolean international = startsWith(digits, "+") || startsWith(digits, "00");
        if (startsWith(digits, "00")) {
            digits.replace(0, 2, "+");
        }
        if (misplacedPlus || digits.lastIndexOf("+") > 0) {
            return PhoneResult.refused(StatusCode.INVALID_PHONE, "the phone number has a + that is not at its start");
        }
        String digitsOnly = digits.toString();
        String region = defaultCountry == null || defaultCountry.isBlank() ? "ZZ" : defaultCountry.strip().toUpperCase(Locale.ROOT);
        PhoneNumber fast = DigitsOnlyParser.validOrNull(digitsOnly, region);
        if (fast != null) {
            return PhoneResult.valid(e164Digits(fast));
        }
        PhoneNumber number = parse(digitsOnly, region);
        boolean valid = number != null && UTIL.isValidNumber(number);
        if (!international && !valid) {
            PhoneNumber asInternational = parse("+" + digitsOnly, "ZZ");
            if (asInternational != null && UTIL.isValidNumber(asInternational)) {
                number = asInternational;
                valid = true;
            }
        }
        if (number == null) {
            return PhoneResult.refused(StatusCode.INVALID_PHONE, international || !"ZZ".equals(region)
                    ? "not a phone number"
                    : "a local number but the connector has no default country");
        }
        if (!valid) {
            String country = UTIL.getRegionCodeForNumber(number);
            return PhoneResult.refused(StatusCode.INVALID_PHONE, "not a valid phone number"
                    + (country != null ? " in " + country : " (unknown country code +" + number.getCountryCode() + ")"));
        }
        return PhoneResult.valid(e164Digits(number));
    }

    /** What {@code format(number, E164)} writes, without its {@code +}: the calling code and the national number. */
    private static String e164Digits(PhoneNumber number) {
        return number.getCountryCode() + UTIL.getNationalSignificantNumber(number);
    }

    /** What people write between digits: spaces (also non-breaking), dots, dashes, slashes and brackets. */
    private static boolean isSeparator(int c) {
        return c == ' ' || c == '.' || c == '-' || c == '/' || c == '(' || c == ')' || c == '[' || c == ']' || c == '\u00A0';
    }

    private static boolean startsWith(CharSequence text, String prefix) {
        if (text.length() < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (text.charAt(i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static PhoneNumber parse(String text, String region) {
        try {
            return UTIL.parse(text, region);
        } catch (NumberParseException e) {
            return null;
        }
    }
}
