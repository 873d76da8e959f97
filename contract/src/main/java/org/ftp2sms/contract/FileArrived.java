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

    /** Of a file of the connector's {@code preview/} folder: judged like any, never sent (see {@link FileIngestionIds}). */
    public boolean dryRun() {
        return FileIngestionIds.isDryRun(fileIngestionId);
    }
}
