package org.ftp2sms.rules.phone;

import org.ftp2sms.contract.StatusCode;

/** The outcome of normalising a phone number: E.164 digits without {@code +}, or a refusal with its reason. */
public sealed interface PhoneResult {

    record Valid(String phone) implements PhoneResult {
    }

    /** {@code code} is {@link StatusCode#EMPTY_PHONE} or {@link StatusCode#INVALID_PHONE}. */
    record Refused(StatusCode code, String reason) implements PhoneResult {
    }

    static PhoneResult valid(String phone) {
        return new Valid(phone);
    }

    static PhoneResult refused(StatusCode code, String reason) {
        return new Refused(code, reason);
    }

    default boolean isValid() {
        return this instanceof Valid;
    }
}
