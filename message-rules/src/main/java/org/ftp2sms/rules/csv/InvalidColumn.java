package org.ftp2sms.rules.csv;

/** A header name the file rules refuse, and why. {@code position} is 1-based. */
public record InvalidColumn(int position, String name, String reason) {
}
