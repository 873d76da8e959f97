package org.ftp2sms.admin;

import org.ftp2sms.contract.Protocol;
import org.ftp2sms.contract.connector.AuthMethod;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.Mapping;
import org.ftp2sms.contract.connector.SendingOptions;

import java.time.Instant;
import java.util.List;

/**
 * A connector as the API shows it: never a password hash or webhook secret. {@code credentials} is present
 * only in the answer that created or rotated them.
 */
public record ConnectorResponse(
        String id,
        String name,
        String sender,
        Mapping mapping,
        String template,
        SendingOptions options,
        AccessView access,
        WebhookView webhook,
        Instant createdAt,
        Instant updatedAt,
        Credentials credentials) {

    public record AccessView(Protocol protocol, String username, AuthMethod auth, List<String> publicKeys) {
    }

    /** {@code secret}: only in the answer that generated it (shown once), else null. */
    public record WebhookView(String url, String secret) {
    }

    public static ConnectorResponse of(Connector c, Credentials credentials) {
        return of(c, credentials, null);
    }

    public static ConnectorResponse of(Connector c, Credentials credentials, String generatedWebhookSecret) {
        AccessView access = new AccessView(c.access().protocol(), c.access().username(), c.access().auth(),
                c.access().publicKeys());
        WebhookView webhook = c.webhook() == null ? null : new WebhookView(c.webhook().url(), generatedWebhookSecret);
        return new ConnectorResponse(c.id(), c.name(), c.sender(), c.mapping(), c.template(), c.options(), access,
                webhook, c.createdAt(), c.updatedAt(), credentials);
    }
}
