package org.ftp2sms.rules.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shortcut must never disagree with libphonenumber: wherever it answers, {@code PhoneNumberUtil.parse} gives the
 * same valid number. Checked over every region's example numbers of every type, written nationally, internationally
 * and without the +, with digits changed, added or removed, read from their own region and from others.
 */
class DigitsOnlyParserTest {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    @Test
    void agreesWithLibphonenumberWheneverItAnswers() {
        Random random = new Random(6);
        List<String> regions = new ArrayList<>(UTIL.getSupportedRegions());
        regions.sort(null);
        int answered = 0;
        int checked = 0;
        for (String home : regions) {
            for (String written : writtenForms(home, random)) {
                for (String reader : List.of(home, "BE", "US", "IT", "RU", "GB", regions.get(random.nextInt(regions.size())), "ZZ")) {
                    checked++;
                    PhoneNumber fast = DigitsOnlyParser.validOrNull(written, reader);
                    if (fast == null) {
                        continue;
                    }
                    answered++;
                    PhoneNumber slow;
                    try {
                        slow = UTIL.parse(written, reader);
                    } catch (NumberParseException e) {
                        throw new AssertionError(written + " read in " + reader + ": shortcut " + fast + " but parse fails: " + e.getMessage());
                    }
                    assertThat(UTIL.isValidNumber(slow)).as("%s read in %s", written, reader).isTrue();
                    assertThat(UTIL.format(fast, PhoneNumberFormat.E164)).as("%s read in %s", written, reader)
                            .isEqualTo(UTIL.format(slow, PhoneNumberFormat.E164));
                    assertThat(fast).as("%s read in %s", written, reader).isEqualTo(slow);
                }
            }
        }
        // It must also be worth having: it answers for most of the valid numbers it is given.
        assertThat(answered).as("answered %d of %d", answered, checked).isGreaterThan(checked / 10);
    }

    @Test
    void validityIsLibphonenumbersForEveryNumberItParses() {
        Random random = new Random(15);
        List<String> regions = new ArrayList<>(UTIL.getSupportedRegions());
        regions.sort(null);
        int valid = 0;
        int invalid = 0;
        for (String home : regions) {
            for (String written : writtenForms(home, random)) {
                PhoneNumber number;
                try {
                    number = UTIL.parse(written, home);
                } catch (NumberParseException e) {
                    continue;
                }
                boolean expected = UTIL.isValidNumber(number);
                assertThat(DigitsOnlyParser.isValid(number, UTIL.getNationalSignificantNumber(number)))
                        .as("%s read in %s", written, home)
                        .isEqualTo(expected);
                if (expected) {
                    valid++;
                } else {
                    invalid++;
                }
            }
        }
        assertThat(valid).isGreaterThan(1000);
        assertThat(invalid).isGreaterThan(1000);
    }

    @Test
    void answersForTheCommonBelgianForms() {
        assertThat(DigitsOnlyParser.validOrNull("0476123456", "BE")).isEqualTo(parse("0476123456", "BE"));
        assertThat(DigitsOnlyParser.validOrNull("+32476123456", "FR")).isEqualTo(parse("+32476123456", "FR"));
        assertThat(DigitsOnlyParser.validOrNull("+390612345678", "BE")).isEqualTo(parse("+390612345678", "BE"));
        assertThat(DigitsOnlyParser.validOrNull("32476123456", "BE")).as("own calling code without +: left to parse").isNull();
        assertThat(DigitsOnlyParser.validOrNull("0476 12", "BE")).isNull();
    }

    /** Example numbers of every type, as digits: national, international, without +, and damaged. */
    private static Set<String> writtenForms(String region, Random random) {
        Set<String> forms = new LinkedHashSet<>();
        for (PhoneNumberType type : PhoneNumberType.values()) {
            PhoneNumber example = UTIL.getExampleNumberForType(region, type);
            if (example == null) {
                continue;
            }
            String national = PhoneNumberUtil.normalizeDigitsOnly(UTIL.format(example, PhoneNumberFormat.NATIONAL));
            String international = UTIL.format(example, PhoneNumberFormat.E164);
            forms.add(national);
            forms.add(international);
            forms.add(international.substring(1));
            forms.add(UTIL.getNationalSignificantNumber(example));
            forms.add(changed(national, random));
            forms.add(changed(international, random));
            forms.add("0" + national);
            forms.add(national + random.nextInt(10));
            forms.add(international.substring(0, international.length() - 1));
            forms.add("+" + example.getCountryCode() + "0" + UTIL.getNationalSignificantNumber(example));
        }
        forms.removeIf(f -> f.length() < 3 || !f.matches("\\+?[0-9]+"));
        return forms;
    }

    private static String changed(String digits, Random random) {
        char[] chars = digits.toCharArray();
        for (int i = 0; i < 2; i++) {
            int at = chars.length - 1 - random.nextInt(Math.min(4, chars.length - 1));
            chars[at] = (char) ('0' + random.nextInt(10));
        }
        return new String(chars);
    }

    private static PhoneNumber parse(String text, String region) {
        try {
            return UTIL.parse(text, region);
        } catch (NumberParseException e) {
            throw new AssertionError(e);
        }
    }
}
