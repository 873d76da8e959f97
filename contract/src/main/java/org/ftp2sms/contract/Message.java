package org.ftp2sms.contract;

/** A rendered SMS, ready to submit. */
public record Message(
        String messageId,
        String fileIngestionId,
        String connectorId,
        String phone,
        String sender,
        String text,
        Encoding encoding,
        int parts) {
}
