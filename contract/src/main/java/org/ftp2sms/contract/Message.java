package org.ftp2sms.contract;

import java.time.Instant;

/**
 * A rendered SMS, ready to submit. {@code receivedAt} is its file's arrival (the upload-to-submit latency starts
 * there); null in messages written before it was added.
 */
public record Message(
        String messageId,
        String fileIngestionId,
        String connectorId,
        String phone,
        String sender,
        String text,
        Encoding encoding,
        int parts,
        Instant receivedAt) {

    /** A message whose file's arrival time is not known (tests, tools). */
    public Message(
            String messageId,
            String fileIngestionId,
            String connectorId,
            String phone,
            String sender,
            String text,
            Encoding encoding,
            int parts) {
        this(messageId, fileIngestionId, connectorId, phone, sender, text, encoding, parts, null);
    }
}
