package org.ftp2sms.contract;

import java.time.Instant;
import java.util.Map;

/**
 * One data line of a file with its phone already normalised (E.164 digits, no {@code +}).
 * {@code receivedAt} is the file's arrival time: the event time of every later decision, so a replay
 * decides the same.
 */
public record Row(
        String fileIngestionId,
        String connectorId,
        long rowNumber,
        String phone,
        Map<String, String> columns,
        Instant receivedAt) {

    /** Of a file of the connector's {@code preview/} folder: judged like any, never sent (see {@link FileIngestionIds}). */
    public boolean dryRun() {
        return FileIngestionIds.isDryRun(fileIngestionId);
    }

    public String messageId() {
        return MessageIds.of(fileIngestionId, rowNumber);
    }
}
