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
        if (text.codePoints().anyMatch(Character::isLetter)) {
            return PhoneResult.refused(StatusCode.INVALID_PHONE, "the phone number contains letters");
        }
        if (!text.matches("[0-9+ .\\-/()\\[\\]\\u00A0]+")) {
            return PhoneResult.refused(StatusCode.INVALID_PHONE, "the phone number contains characters other than digits, +, spaces, dots, dashes, slashes and brackets");
        }
        String digitsOnly = text.replaceAll("[^0-9+]", "");
        boolean international = digitsOnly.startsWith("+") || digitsOnly.startsWith("00");
        if (digitsOnly.startsWith("00")) {
            digitsOnly = "+" + digitsOnly.substring(2);
        }
        if (digitsOnly.lastIndexOf('+') > 0) {
            return PhoneResult.refused(StatusCode.INVALID_PHONE, "the phone number has a + that is not at its start");
        }
        String region = defaultCountry == null || defaultCountry.isBlank() ? "ZZ" : defaultCountry.strip().toUpperCase(Locale.ROOT);
        PhoneNumber number = parse(digitsOnly, region);
        if (!international && (number == null || !UTIL.isValidNumber(number))) {
            PhoneNumber asInternational = parse("+" + digitsOnly, "ZZ");
            if (asInternational != null && UTIL.isValidNumber(asInternational)) {
                number = asInternational;
            }
        }
        if (number == null) {
            return PhoneResult.refused(StatusCode.INVALID_PHONE, international || !"ZZ".equals(region)
                    ? "not a phone number"
                    : "a local number but the connector has no default country");
        }
        if (!UTIL.isValidNumber(number)) {
            String country = UTIL.getRegionCodeForNumber(number);
            return PhoneResult.refused(StatusCode.INVALID_PHONE, "not a valid phone number"
                    + (country != null ? " in " + country : " (unknown country code +" + number.getCountryCode() + ")"));
        }
        String e164 = UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        return PhoneResult.valid(e164.substring(1));
    }

    private static PhoneNumber parse(String text, String region) {
        try {
            return UTIL.parse(text, region);
        } catch (NumberParseException e) {
            return null;
        }
    }
}
