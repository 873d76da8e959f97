package org.ftp2sms.rules.phone;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.internal.MatcherApi;
import com.google.i18n.phonenumbers.internal.RegexBasedMatcher;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The common case of {@link PhoneNumberUtil#parse} for a number already reduced to ASCII digits with an optional
 * leading {@code +}, at a fraction of its cost: a file of 200 000 rows parses 200 000 numbers, and most of
 * {@code parse}'s time goes to the steps that read free text (extensions, letters, "tel:" prefixes, viability),
 * which are no-ops on digits only. What remains is the metadata-driven part: country calling code, international and
 * national prefixes, leading zeros.
 *
 * <p>It answers only when sure: it returns a number only if that number is VALID and {@code parse} would have built
 * the same one; everything else (an international prefix such as {@code 011}, a local number that starts with the
 * region's own calling code, a national prefix with a transform rule, lengths out of range) returns null, and the
 * caller runs {@code parse}. {@code DigitsOnlyParserTest} compares both over every region's example numbers.
 */
final class DigitsOnlyParser {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final MetadataSource METADATA = DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
    private static final MatcherApi MATCHER = RegexBasedMatcher.create();
    private static final Set<String> REGIONS = UTIL.getSupportedRegions();
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();
    /** Each region's metadata once looked up: the metadata source builds a file name string for every look-up. */
    private static final Map<String, PhoneMetadata> REGION_METADATA = new ConcurrentHashMap<>();
    /** By calling code, its region when it has exactly one (most countries), else null. */
    private static final String[] ONE_REGION = oneRegionByCallingCode();
    /** libphonenumber's bounds on a national significant number and on a country calling code. */
    private static final int MIN_NSN = 2;
    private static final int MAX_NSN = 17;
    private static final int MAX_COUNTRY_CODE_DIGITS = 3;

    private DigitsOnlyParser() {
    }

    /**
     * {@code digits}: ASCII digits, optionally after one leading {@code +}. {@code region}: upper-case ISO code of
     * the connector's country (for numbers without {@code +}). Null when not sure (see the class comment).
     */
    static PhoneNumber validOrNull(String digits, String region) {
        if (digits.length() < 3 || digits.length() > 20) {
            return null;
        }
        for (int i = digits.charAt(0) == '+' ? 1 : 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return null;
            }
        }
        return digits.charAt(0) == '+' ? international(digits.substring(1)) : national(digits, region);
    }

    private static PhoneNumber international(String digits) {
        if (digits.length() <= MIN_NSN || digits.charAt(0) == '0') {
            return null;
        }
        for (int i = 1; i <= MAX_COUNTRY_CODE_DIGITS && i <= digits.length(); i++) {
            int countryCode = Integer.parseInt(digits.substring(0, i));
            String region = UTIL.getRegionCodeForCountryCode(countryCode);
            if ("ZZ".equals(region)) {
                continue; // not a calling code: parse tries one digit more, as here
            }
            if (!PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(region) && !REGIONS.contains(region)) {
                return null;
            }
            PhoneMetadata metadata = PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(region)
                    ? METADATA.getMetadataForNonGeographicalRegion(countryCode)
                    : regionMetadata(region);
            return metadata == null ? null : validNumber(countryCode, withoutNationalPrefix(digits.substring(i), metadata));
        }
        return null;
    }

    private static PhoneNumber national(String digits, String region) {
        if (!REGIONS.contains(region)) {
            return null;
        }
        PhoneMetadata metadata = regionMetadata(region);
        if (metadata == null) {
            return null;
        }
        // An international prefix (00, 011, ...) or the region's own calling code in front: parse's harder cases.
        if (metadata.hasInternationalPrefix() && pattern(metadata.getInternationalPrefix()).matcher(digits).lookingAt()) {
            return null;
        }
        if (digits.startsWith(String.valueOf(metadata.getCountryCode()))) {
            return null;
        }
        return validNumber(metadata.getCountryCode(), withoutNationalPrefix(digits, metadata));
    }

    /** The national significant number as parse makes it, or null when its national-prefix rule is not simple. */
    private static String withoutNationalPrefix(String number, PhoneMetadata metadata) {
        String prefixForParsing = metadata.getNationalPrefixForParsing();
        if (number.isEmpty() || prefixForParsing.isEmpty()) {
            return number;
        }
        var prefix = pattern(prefixForParsing).matcher(number);
        if (!prefix.lookingAt()) {
            return number;
        }
        String transformRule = metadata.getNationalPrefixTransformRule();
        if (transformRule != null && !transformRule.isEmpty() && prefix.group(prefix.groupCount()) != null) {
            return null;
        }
        PhoneNumberDesc general = metadata.getGeneralDesc();
        if (general.getPossibleLengthList().isEmpty()) {
            return null;
        }
        String stripped = number.substring(prefix.end());
        if (MATCHER.matchNationalNumber(number, general, false) && !MATCHER.matchNationalNumber(stripped, general, false)) {
            return number;
        }
        return keepsAPossibleLength(stripped.length(), general) ? stripped : number;
    }

    /** parse keeps the stripped number unless its length is too short, local-only or impossible. */
    private static boolean keepsAPossibleLength(int length, PhoneNumberDesc general) {
        List<Integer> possible = general.getPossibleLengthList();
        if (possible.get(0) == -1) {
            return false;
        }
        if (general.getPossibleLengthLocalOnlyList().contains(length)) {
            return false;
        }
        int min = possible.get(0);
        if (length <= min) {
            return length == min;
        }
        return length > possible.get(possible.size() - 1) || possible.contains(length);
    }

    private static PhoneNumber validNumber(int countryCode, String nationalNumber) {
        if (nationalNumber == null || nationalNumber.length() < MIN_NSN || nationalNumber.length() > MAX_NSN) {
            return null;
        }
        PhoneNumber number = new PhoneNumber().setCountryCode(countryCode);
        if (nationalNumber.length() > 1 && nationalNumber.charAt(0) == '0') {
            number.setItalianLeadingZero(true);
            int zeros = 1;
            while (zeros < nationalNumber.length() - 1 && nationalNumber.charAt(zeros) == '0') {
                zeros++;
            }
            if (zeros != 1) {
                number.setNumberOfLeadingZeros(zeros);
            }
        }
        number.setNationalNumber(Long.parseLong(nationalNumber));
        return isValid(number, nationalNumber) ? number : null;
    }

    /**
     * {@code UTIL.isValidNumber(number)}, {@code nsn} being its national significant number. For a calling code of
     * one region, libphonenumber's own rule (the general pattern, then any type's pattern, each after its possible
     * lengths) asked mobile first: most numbers of a file are mobiles, and the answer is the same in any order.
     * Calling codes of several regions (+1, +7, +44…) and non-geographic ones go to {@code isValidNumber}.
     */
    static boolean isValid(PhoneNumber number, String nsn) {
        int code = number.getCountryCode();
        String region = code > 0 && code < ONE_REGION.length ? ONE_REGION[code] : null;
        PhoneMetadata metadata = region == null ? null : regionMetadata(region);
        if (metadata == null) {
            return UTIL.isValidNumber(number);
        }
        if (!matches(nsn, metadata.getGeneralDesc())) {
            return false;
        }
        return matches(nsn, metadata.getMobile())
                || matches(nsn, metadata.getFixedLine())
                || matches(nsn, metadata.getPremiumRate())
                || matches(nsn, metadata.getTollFree())
                || matches(nsn, metadata.getSharedCost())
                || matches(nsn, metadata.getVoip())
                || matches(nsn, metadata.getPersonalNumber())
                || matches(nsn, metadata.getPager())
                || matches(nsn, metadata.getUan())
                || matches(nsn, metadata.getVoicemail());
    }

    /** libphonenumber's {@code isNumberMatchingDesc}: the possible lengths first, the pattern only if they fit. */
    private static boolean matches(String nsn, PhoneNumberDesc desc) {
        List<Integer> lengths = desc.getPossibleLengthList();
        if (!lengths.isEmpty() && !lengths.contains(nsn.length())) {
            return false;
        }
        return MATCHER.matchNationalNumber(nsn, desc, false);
    }

    private static PhoneMetadata regionMetadata(String region) {
        PhoneMetadata known = REGION_METADATA.get(region);
        if (known == null) {
            known = METADATA.getMetadataForRegion(region);
            if (known != null) {
                REGION_METADATA.put(region, known);
            }
        }
        return known;
    }

    private static String[] oneRegionByCallingCode() {
        String[] regions = new String[1000];
        for (int code : UTIL.getSupportedCallingCodes()) {
            List<String> of = UTIL.getRegionCodesForCountryCode(code);
            if (code < regions.length && of.size() == 1 && REGIONS.contains(of.get(0))) {
                regions[code] = of.get(0);
            }
        }
        return regions;
    }

    private static Pattern pattern(String regex) {
        return PATTERNS.computeIfAbsent(regex, Pattern::compile);
    }
}
