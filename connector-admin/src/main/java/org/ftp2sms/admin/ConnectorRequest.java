package org.ftp2sms.admin;

import org.ftp2sms.contract.Protocol;
import org.ftp2sms.contract.connector.AuthMethod;
import org.ftp2sms.contract.connector.Mapping;
import org.ftp2sms.contract.connector.SendingOptions;
import org.ftp2sms.contract.connector.Webhook;

import java.util.List;

/**
 * The body of {@code POST /api/v1/connectors} and {@code PUT /api/v1/connectors/{id}}: a connector as the customer
 * describes it, without generated parts.
 *
 * <p>{@code columns} is optional and not stored: the column names of the customer's files (as
 * {@code POST /connectors/sample} returns them). When given, the phone column and every variable of the template
 * must be one of them, so a misspelt {@code {{ frist_name }}} is refused at creation instead of rendering empty in
 * every message. Without it the template's variables cannot be checked: a variable that is not a column of an
 * uploaded file renders empty.
 */
public record ConnectorRequest(
        String name,
        String sender,
        Mapping mapping,
        String template,
        SendingOptions options,
        AccessRequest access,
        Webhook webhook,
        List<String> columns) {

    /** How the customer wants to log in; the username and password are generated. */
    public record AccessRequest(Protocol protocol, AuthMethod auth, List<String> publicKeys) {
    }
}
