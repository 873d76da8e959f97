package org.ftp2sms.admin;

import org.ftp2sms.contract.Protocol;
import org.ftp2sms.contract.connector.AuthMethod;
import org.ftp2sms.contract.connector.Mapping;
import org.ftp2sms.contract.connector.SendingOptions;
import org.ftp2sms.contract.connector.Webhook;

import java.util.List;

/** The body of {@code POST /api/v1/connectors}: a connector as the customer describes it, without generated parts. */
public record ConnectorRequest(
        String name,
        String sender,
        Mapping mapping,
        String template,
        SendingOptions options,
        AccessRequest access,
        Webhook webhook) {

    /** How the customer wants to log in; the username and password are generated. */
    public record AccessRequest(Protocol protocol, AuthMethod auth, List<String> publicKeys) {
    }
}
