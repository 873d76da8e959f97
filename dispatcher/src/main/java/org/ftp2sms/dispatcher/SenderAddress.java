package org.ftp2sms.dispatcher;

import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;

/** The SMPP source address of a connector's sender: its type of number follows from its shape. */
record SenderAddress(TypeOfNumber ton, NumberingPlanIndicator npi, String address) {

    private static final int SHORT_CODE_MAX_DIGITS = 6;

    static SenderAddress of(String sender) {
        if (sender == null || sender.isBlank()) {
            return new SenderAddress(TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, "");
        }
        String trimmed = sender.trim();
        String digits = trimmed.startsWith("+") ? trimmed.substring(1) : trimmed;
        if (!digits.isEmpty() && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return digits.length() <= SHORT_CODE_MAX_DIGITS
                    ? new SenderAddress(TypeOfNumber.NETWORK_SPECIFIC, NumberingPlanIndicator.UNKNOWN, digits)
                    : new SenderAddress(TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, digits);
        }
        return new SenderAddress(TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, trimmed);
    }
}
