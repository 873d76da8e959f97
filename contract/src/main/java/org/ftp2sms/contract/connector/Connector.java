package org.ftp2sms.contract.connector;

import java.time.Instant;

/**
 * A customer's whole configuration. Lives in the compacted {@code ftp2sms.connectors} topic, keyed by
 * {@code id}; a tombstone deletes it. It holds a password hash, never a password.
 */
public record Connector(
        String id,
        String name,
        String sender,
        Mapping mapping,
        String template,
        SendingOptions options,
        Access access,
        Webhook webhook,
        Instant createdAt,
        Instant updatedAt) {

    public Connector withAccess(Access newAccess, Instant at) {
        return new Connector(id, name, sender, mapping, template, options, newAccess, webhook, createdAt, at);
    }
}
