package org.ftp2sms.admin;

/** One invalid field of a request and why, e.g. {@code options.maxParts}: "must be between 1 and 10". */
public record FieldError(String field, String reason) {
}
