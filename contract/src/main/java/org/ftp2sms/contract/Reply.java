package org.ftp2sms.contract;

import java.time.Instant;

/**
 * An inbound SMS, linked to the conversation it answers: the last message sent to that number from the address it
 * was sent to, within the dispatcher's match window. {@code connectorId} (and the outgoing ids) are null when it
 * answers none: such a reply belongs to no connector.
 */
public record Reply(
        String messageId,
        String outgoingMessageId,
        String connectorId,
        String fileIngestionId,
        String phone,
        String message,
        Instant receivedAt) {
}
