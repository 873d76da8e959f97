package org.ftp2sms.rules.csv;

import java.util.List;

/**
 * A file the rules refuse before any row is read.
 *
 * @param reason         for a person, e.g. {@code column 2 "first name": only letters, digits and _ are allowed}
 * @param format         what could be detected (null when not even an encoding or a header was found)
 * @param invalidColumns every refused header name (empty when the refusal is not about names)
 */
public record CsvRejection(String reason, CsvFormat format, List<InvalidColumn> invalidColumns) implements CsvOpening {

    public CsvRejection {
        invalidColumns = List.copyOf(invalidColumns);
    }

    static CsvRejection of(String reason) {
        return new CsvRejection(reason, null, List.of());
    }
}
