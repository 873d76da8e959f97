package org.ftp2sms.dispatcher;

import org.ftp2sms.contract.StatusCode;

import java.util.Optional;

/**
 * The status a receipt's {@code stat:} means. Intermediate states (ENROUTE, ACCEPTD) are not final and give
 * no status. {@code err:} codes are operator-specific, so UNDELIV maps to the generic 300-failed for now.
 */
final class ReceiptStatuses {
    private ReceiptStatuses() {
    }

    static Optional<StatusCode> of(String stat) {
        return switch (stat) {
            case "ENROUTE", "ACCEPTD", "SCHEDULED" -> Optional.empty();
            case "DELIVRD" -> Optional.of(StatusCode.DELIVERED);
            case "UNDELIV" -> Optional.of(StatusCode.FAILED);
            case "REJECTD" -> Optional.of(StatusCode.REJECTED);
            case "EXPIRED" -> Optional.of(StatusCode.EXPIRED);
            default -> Optional.of(StatusCode.UNKNOWN);
        };
    }
}
