package org.ftp2sms.aggregator;

import org.ftp2sms.contract.Encoding;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.Status;

/**
 * One row of a preview export: what would be sent (text, encoding, parts), or the refusal it would get. {@code phone}
 * is the number as it would be sent (E.164 digits), or the cell as written when it is not one (820–822).
 */
record DryRunRow(long rowNumber, String phone, String text, Encoding encoding, Integer parts, Integer statusCode,
                 String statusReason) {

    static DryRunRow of(Message m) {
        return new DryRunRow(rowNumberOf(m.messageId()), m.phone(), m.text(), m.encoding(), m.parts(), null, null);
    }

    static DryRunRow of(Status s) {
        return new DryRunRow(rowNumberOf(s.messageId()), s.phone(), null, null, null, s.statusCode(), s.statusReason());
    }

    boolean wouldBeSent() {
        return statusCode == null;
    }

    /** The row number is the message id's last part ({@code <fileIngestionId>-<rowNumber>}). */
    static long rowNumberOf(String messageId) {
        try {
            return Long.parseLong(messageId.substring(messageId.lastIndexOf('-') + 1));
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
