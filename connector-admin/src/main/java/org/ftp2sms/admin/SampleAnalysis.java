package org.ftp2sms.admin;

import java.util.List;

/**
 * What {@code POST /api/v1/connectors/sample} found in a sample file.
 *
 * @param delimiter      {@code ,} {@code ;} or a tab character
 * @param encoding       {@code UTF-8} or {@code windows-1252}
 * @param byteOrderMark  whether the file starts with a UTF-8 byte order mark
 * @param lineEnding     {@code LF}, {@code CRLF} or {@code CR}
 * @param columns        the header's names, in file order
 * @param invalidColumns the names the file rules refuse, and why (a file with any is rejected when uploaded)
 * @param phoneColumn    the column that most likely holds the phone numbers, by its name, or null
 * @param rows           the data rows of the sample
 * @param problem        why an upload of this file would be rejected, or null
 */
public record SampleAnalysis(
        String delimiter,
        String encoding,
        boolean byteOrderMark,
        String lineEnding,
        List<String> columns,
        List<InvalidColumnView> invalidColumns,
        String phoneColumn,
        long rows,
        String problem) {

    /** {@code position} is 1-based. */
    public record InvalidColumnView(int position, String name, String reason) {
    }
}
