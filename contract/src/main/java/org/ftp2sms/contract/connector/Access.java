package org.ftp2sms.contract.connector;

import org.ftp2sms.contract.Protocol;

import java.util.List;

/** How the customer logs in. Public-key login is SFTP only; a password is kept only as a slow salted hash. */
public record Access(
        Protocol protocol,
        String username,
        AuthMethod auth,
        String passwordHash,
        List<String> publicKeys) {
}
