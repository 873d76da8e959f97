package org.ftp2sms.dispatcher;

import org.ftp2sms.contract.StatusCode;

import java.util.Map;
import java.util.Optional;

/**
 * The status a receipt means, from its {@code stat:} and, for UNDELIV, its {@code err:}. Intermediate states
 * (ENROUTE, ACCEPTD, SCHEDULED) give no status. The {@code err:} of an UNDELIV receipt is read as the GSM MAP error
 * most SMSCs forward there (decimal); an error not listed is the generic 300-failed.
 */
final class ReceiptStatuses {
    private static final Map<Integer, StatusCode> UNDELIVERED_ERRORS = Map.ofEntries(
            Map.entry(1, StatusCode.WRONG_NUMBER),         // unknown subscriber
            Map.entry(5, StatusCode.WRONG_NUMBER),         // unidentified subscriber
            Map.entry(6, StatusCode.ABSENT),               // absent subscriber (SM)
            Map.entry(9, StatusCode.INVALID_DESTINATION),  // illegal subscriber
            Map.entry(11, StatusCode.INVALID_DESTINATION), // teleservice not provisioned
            Map.entry(12, StatusCode.INVALID_DESTINATION), // illegal equipment
            Map.entry(13, StatusCode.INVALID_DESTINATION), // call barred
            Map.entry(21, StatusCode.INVALID_DESTINATION), // facility not supported
            Map.entry(27, StatusCode.ABSENT),              // absent subscriber
            Map.entry(31, StatusCode.ABSENT),              // subscriber busy for MT SMS
            Map.entry(32, StatusCode.NETWORK),             // SM delivery failure
            Map.entry(33, StatusCode.ABSENT),              // message waiting list full
            Map.entry(34, StatusCode.NETWORK),             // system failure
            Map.entry(35, StatusCode.NETWORK),             // data missing
            Map.entry(36, StatusCode.NETWORK));            // unexpected data value

    private ReceiptStatuses() {
    }

    static Optional<StatusCode> of(String stat) {
        return of(stat, null);
    }

    static Optional<StatusCode> of(String stat, String err) {
        return switch (stat) {
            case "ENROUTE", "ACCEPTD", "SCHEDULED" -> Optional.empty();
            case "DELIVRD" -> Optional.of(StatusCode.DELIVERED);
            case "UNDELIV" -> Optional.of(undelivered(err));
            case "REJECTD" -> Optional.of(StatusCode.REJECTED);
            case "EXPIRED" -> Optional.of(StatusCode.EXPIRED);
            default -> Optional.of(StatusCode.UNKNOWN);
        };
    }

    private static StatusCode undelivered(String err) {
        if (err == null || err.isBlank()) {
            return StatusCode.FAILED;
        }
        try {
            return UNDELIVERED_ERRORS.getOrDefault(Integer.parseInt(err.trim()), StatusCode.FAILED);
        } catch (NumberFormatException e) {
            return StatusCode.FAILED;
        }
    }
}
