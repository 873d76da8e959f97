package org.ftp2sms.contract.connector;

/** Where status changes and replies are POSTed, signed with {@code secret}. */
public record Webhook(String url, String secret) {
}
