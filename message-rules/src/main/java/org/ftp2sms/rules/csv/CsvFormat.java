package org.ftp2sms.rules.csv;

import java.util.List;

/**
 * What was detected about a CSV file.
 *
 * @param delimiter     {@code ,} {@code ;} or tab, chosen from the header line
 * @param encoding      {@code UTF-8} or {@code windows-1252} (the fallback when the bytes are not valid UTF-8)
 * @param byteOrderMark whether the file starts with a UTF-8 byte order mark
 * @param lineEnding    {@code LF}, {@code CRLF} or {@code CR}, from the first line
 * @param columns       the header's names, in file order (trimmed of surrounding white space)
 */
public record CsvFormat(char delimiter, String encoding, boolean byteOrderMark, String lineEnding, List<String> columns) {

    public CsvFormat {
        columns = List.copyOf(columns);
    }

    /** The delimiter as people name it: {@code ;}, {@code ,} or {@code tab}. */
    public String delimiterName() {
        return delimiter == '\t' ? "tab" : String.valueOf(delimiter);
    }

    /** One line for an ingestion report, e.g. {@code UTF-8, delimiter ';', CRLF, 3 columns: phone, name, code}. */
    public String describe() {
        return encoding + (byteOrderMark ? " with BOM" : "") + ", delimiter '" + delimiterName() + "', " + lineEnding
                + ", " + columns.size() + (columns.size() == 1 ? " column: " : " columns: ") + String.join(", ", columns);
    }
}
