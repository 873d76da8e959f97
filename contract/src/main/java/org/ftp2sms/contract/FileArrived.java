package org.ftp2sms.contract;

import java.time.Instant;

/** A completed upload, moved out of the customer's view into the file store at {@code storedPath}. */
public record FileArrived(
        String fileIngestionId,
        String connectorId,
        String fileName,
        String storedPath,
        long sizeBytes,
        String sha256,
        Protocol protocol,
        Instant receivedAt) {
}
