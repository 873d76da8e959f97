package org.ftp2sms.contract;

import java.time.Instant;

/**
 * A webhook call the status-aggregator gave up on after its retry budget. {@code payload} is the exact JSON body
 * that was POSTed (so it can be replayed as is); {@code eventType} is {@code status} or {@code reply}.
 * Keyed by {@code connectorId} on {@link Topics#WEBHOOK_DEAD_LETTERS}.
 */
public record WebhookDeadLetter(
        String connectorId,
        String url,
        String eventType,
        String eventId,
        String payload,
        int attempts,
        String lastError,
        Instant at) {
}
