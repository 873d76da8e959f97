package org.ftp2sms.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/** Every status change of a message, including refusals before sending (8xx). */
public record Status(
        String messageId,
        String fileIngestionId,
        String connectorId,
        String phone,
        int statusCode,
        String statusReason,
        Instant sentAt,
        Instant deliveredAt,
        @JsonProperty("final") boolean isFinal,
        Instant at) {

    /** Of a file of the connector's {@code preview/} folder: judged like any, never sent (see {@link FileIngestionIds}). */
    public boolean dryRun() {
        return FileIngestionIds.isDryRun(fileIngestionId) || FileIngestionIds.isDryRun(messageId);
    }

    /** A status for {@code code}; {@code final} follows from the code's range. */
    public static Status of(String messageId, String fileIngestionId, String connectorId, String phone,
                            StatusCode code, Instant sentAt, Instant deliveredAt, Instant at) {
        return new Status(messageId, fileIngestionId, connectorId, phone, code.code(), code.reason(),
                sentAt, deliveredAt, code.isFinal(), at);
    }
}
