package org.ftp2sms.contract.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The ISO-8601 UTC text of an {@link Instant} exactly as {@link Instant#toString()} writes it
 * ({@code 2026-11-30T05:41:00Z}, {@code 2026-11-30T05:41:00.123Z}: fraction in groups of three digits, none when
 * zero), written and read without {@code DateTimeFormatter}. Every event carries one to three instants and every
 * hop reads and writes them: through Jackson's java.time module a {@code Status} cost ~7 KB of garbage to read.
 * Only years 1970 to 9999 are handled here; anything else (or any other spelling on reading) returns null and the
 * caller uses the general path.
 */
final class UtcInstantText {
    /** 10000-01-01T00:00:00Z: from here on the year takes five digits and a sign. */
    private static final long YEAR_10000 = 253_402_300_800L;

    private static final int SECONDS_PER_DAY = 86_400;

    private UtcInstantText() {}

    /** The characters of {@code instant.toString()} into {@code out} (at least 30 long); -1 when out of range. */
    static int write(Instant instant, char[] out) {
        long seconds = instant.getEpochSecond();
        if (seconds < 0 || seconds >= YEAR_10000) {
            return -1;
        }
        LocalDate date = LocalDate.ofEpochDay(seconds / SECONDS_PER_DAY);
        int secondOfDay = (int) (seconds % SECONDS_PER_DAY);
        digits(out, 0, date.getYear(), 4);
        out[4] = '-';
        digits(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        digits(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, secondOfDay % 60, 2);
        int length = 19;
        int nano = instant.getNano();
        if (nano > 0) {
            out[length++] = '.';
            if (nano % 1_000_000 == 0) {
                digits(out, length, nano / 1_000_000, 3);
                length += 3;
            } else if (nano % 1_000 == 0) {
                digits(out, length, nano / 1_000, 6);
                length += 6;
            } else {
                digits(out, length, nano, 9);
                length += 9;
            }
        }
        out[length++] = 'Z';
        return length;
    }

    /**
     * The instant of {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} (0 to 9 fraction digits, year 1970 to 9999, a valid date and
     * time), or null for any other text, for which {@link Instant#parse} (or Jackson's reader) decides.
     */
    static Instant parse(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z') {
            return null;
        }
        if (text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        if (year < 1970
                || month < 1
                || day < 1
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59) {
            return null;
        }
        int nano = 0;
        if (length > 20) {
            int fractionDigits = length - 21;
            if (text.charAt(19) != '.' || fractionDigits == 0) {
                return null;
            }
            nano = number(text, 20, fractionDigits);
            if (nano < 0) {
                return null;
            }
            for (int i = fractionDigits; i < 9; i++) {
                nano *= 10;
            }
        } else if (text.charAt(19) != 'Z') {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null; // 31 November and the like: the general path says why
        }
        return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nano);
    }

    /** The ASCII digits at {@code start}, or -1 when one is not a digit. */
    private static int number(String text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static void digits(char[] out, int start, int value, int count) {
        for (int i = start + count - 1; i >= start; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
