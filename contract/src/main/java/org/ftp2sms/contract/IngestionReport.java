package org.ftp2sms.contract;

import java.time.Instant;

/** One state change of one file's ingestion; {@code reason} is written for a person. */
public record IngestionReport(
        String fileIngestionId,
        String connectorId,
        String fileName,
        IngestionState state,
        String reason,
        long rows,
        long invalidRows,
        Instant at) {

    /** Of a file of the connector's {@code preview/} folder: judged like any, never sent (see {@link FileIngestionIds}). */
    public boolean dryRun() {
        return FileIngestionIds.isDryRun(fileIngestionId);
    }
}
