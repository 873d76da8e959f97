package org.ftp2sms.contract;

import java.time.Instant;

/**
 * A file a connector received and the row-splitter processed, by content: how a later file with the same content
 * is recognised as a repeat (a client's retry, the same export dropped twice). Keyed by {@link #key} on the
 * compacted {@link Topics#FILE_DIGESTS}, written in the same transaction as the file's rows.
 */
public record FileDigest(
        String connectorId,
        String sha256,
        String fileIngestionId,
        String fileName,
        Instant receivedAt) {

    public static String key(String connectorId, String sha256) {
        return connectorId + "/" + sha256;
    }
}
