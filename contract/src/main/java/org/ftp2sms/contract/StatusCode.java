package org.ftp2sms.contract;

import java.util.Arrays;
import java.util.Optional;

/**
 * Status codes of DESIGN.md, grouped by range: 1xx not final, 2xx delivered, 300–349 failed at the
 * operator, 350–399 expired or unknown, 8xx refused by the platform before sending.
 * {@link #reason()} is the {@code statusReason} field: {@code code-slug}.
 */
public enum StatusCode {
    SUBMITTED(100, "submitted"),
    DELIVERED(200, "delivered"),
    FAILED(300, "failed"),
    NETWORK(320, "network"),
    WRONG_NUMBER(322, "wrong-number"),
    REJECTED(330, "rejected"),
    ABSENT(344, "absent"),
    INVALID_DESTINATION(345, "invalid-destination"),
    EXPIRED(350, "expired"),
    UNKNOWN(390, "unknown"),
    SUBMIT_REFUSED(801, "submit-refused"),
    MESSAGE_PARTS_EXCEEDED(802, "message-parts-exceeded"),
    EMPTY_MESSAGE(803, "empty-message"),
    TEMPLATE_ERROR(804, "template-error"),
    /** Not submitted within the connector's {@code expireAfter} after its file arrived (e.g. held by the calendar). */
    EXPIRED_BEFORE_SENDING(805, "expired-before-sending"),
    DUPLICATE_IN_FILE(810, "duplicate-in-file"),
    DUPLICATE_ACROSS_FILES(811, "duplicate-across-files"),
    EMPTY_PHONE(820, "empty-phone"),
    INVALID_PHONE(821, "invalid-phone"),
    MALFORMED_ROW(822, "malformed-row"),
    CONNECTOR_DELETED(830, "connector-deleted"),
    /** The phone is on the suppression list (it answered an opt-out keyword, or an operator put it there). */
    SUPPRESSED(840, "suppressed"),
    /** The platform failed on this one message (a fault, not the customer's data): refused visibly, not lost. */
    INTERNAL_ERROR(890, "internal-error");

    private final int code;
    private final String slug;

    StatusCode(int code, String slug) {
        this.code = code;
        this.slug = slug;
    }

    public int code() {
        return code;
    }

    public String slug() {
        return slug;
    }

    /** {@code statusReason} as it appears on events and in exports, e.g. {@code 802-message-parts-exceeded}. */
    public String reason() {
        return code + "-" + slug;
    }

    /** Everything but 1xx is final. */
    public boolean isFinal() {
        return code >= 200;
    }

    public static Optional<StatusCode> byCode(int code) {
        return Arrays.stream(values()).filter(s -> s.code == code).findFirst();
    }
}
