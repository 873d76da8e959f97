package org.ftp2sms.contract;

import java.time.Instant;

/** An inbound SMS, linked to the last message sent to that number when there is one. */
public record Reply(
        String messageId,
        String outgoingMessageId,
        String connectorId,
        String fileIngestionId,
        String phone,
        String message,
        Instant receivedAt) {
}
