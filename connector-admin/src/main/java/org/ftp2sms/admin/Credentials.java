package org.ftp2sms.admin;

import org.ftp2sms.contract.Protocol;

/** Login details, returned once at creation or rotation; {@code password} is null for public-key login. */
public record Credentials(Protocol protocol, String host, int port, String username, String password) {
}
