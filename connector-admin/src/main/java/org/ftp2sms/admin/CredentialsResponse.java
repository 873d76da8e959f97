package org.ftp2sms.admin;

import java.util.List;

/** The answer of a rotation: the login details (a new password, shown only here) or the public keys now in force. */
public record CredentialsResponse(String id, Credentials credentials, List<String> publicKeys) {
}
