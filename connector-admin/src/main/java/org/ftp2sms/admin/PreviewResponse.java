package org.ftp2sms.admin;

import org.ftp2sms.contract.Encoding;

import java.time.Duration;
import java.util.List;

/**
 * What the pipeline would make of a sample: its first {@value ConnectorPreview#MESSAGES} messages, every row it
 * would refuse (up to {@value ConnectorPreview#MAX_REFUSED}) with its status code, and warnings that are not
 * refusals (a template variable that is not a column renders empty), the repeated-file window in force, and how
 * long a message may wait before it expires (null: never).
 */
public record PreviewResponse(
        List<PreviewMessage> messages,
        List<RefusedRow> refused,
        long rows,
        long messageCount,
        long refusedCount,
        long suppressedCount,
        List<FieldError> warnings,
        Duration repeatedFileWindow,
        Duration expireAfter) {

    /** {@code units}: GSM-7 septets or UCS-2 code units. */
    public record PreviewMessage(long rowNumber, String phone, String text, Encoding encoding, int units, int parts) {
    }

    /** {@code phone} is the number as written in the file; {@code detail} says why, for a person. */
    public record RefusedRow(long rowNumber, String phone, int statusCode, String statusReason, String detail) {
    }
}
