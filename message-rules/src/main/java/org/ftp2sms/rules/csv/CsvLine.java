package org.ftp2sms.rules.csv;

import java.util.List;
import java.util.Map;

/**
 * One data line.
 *
 * @param rowNumber         1-based over data lines (the header and skipped blank lines are not counted)
 * @param fields            the values in file order
 * @param values            header name to value, for as many fields as both have
 * @param fieldCountMatches whether the line has as many fields as the header (extra empty trailing fields,
 *                          as a trailing delimiter makes, still match)
 */
public record CsvLine(long rowNumber, List<String> fields, Map<String, String> values, boolean fieldCountMatches) {
}
