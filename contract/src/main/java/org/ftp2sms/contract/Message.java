package org.ftp2sms.contract;

import java.time.Instant;

/**
 * A rendered SMS, ready to submit. {@code receivedAt} is its file's arrival time: the start of the connector's
 * {@code expireAfter} and of the upload-to-submit latency; null on messages written before it existed.
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

    /** A message to send, of a file whose arrival time is not known. */
    public Message(String messageId, String fileIngestionId, String connectorId, String phone, String sender, String text,
                   Encoding encoding, int parts) {
        this(messageId, fileIngestionId, connectorId, phone, sender, text, encoding, parts, null);
    }

    /** From a file of the connector's {@code preview/} folder: never sent (see {@link FileIngestionIds}). */
    public boolean dryRun() {
        return FileIngestionIds.isDryRun(fileIngestionId);
    }
}
