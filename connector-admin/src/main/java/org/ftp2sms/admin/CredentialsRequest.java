package org.ftp2sms.admin;

import java.util.List;

/**
 * The body of {@code POST /api/v1/connectors/{id}/credentials}: empty (or no body) for a new password, or the
 * public keys that replace a key-login connector's keys.
 */
public record CredentialsRequest(List<String> publicKeys) {
}
