package org.ftp2sms.dispatcher;

import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.OptionalParameter;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a delivery receipt says: which submit it is about and how it ended. The id comes from the
 * {@code receipted_message_id} TLV when present (read as a string: its raw value keeps the trailing NUL),
 * else from the receipt text's {@code id:}; the state from the text's {@code stat:}, else the
 * {@code message_state} TLV. The text is scanned, not matched with regular expressions: a receipt arrives for every
 * message, and three regex searches per receipt were 13 % of the PDU pool threads' profile (docs/benchmarks.md).
 */
record DeliveryReceiptFields(String smscMessageId, String stat, String err) {
    private static final String[] MESSAGE_STATES =
            {null, "ENROUTE", "DELIVRD", "EXPIRED", "DELETED", "UNDELIV", "ACCEPTD", "UNKNOWN", "REJECTD"};

    static Optional<DeliveryReceiptFields> of(DeliverSm deliverSm) {
        byte[] body = deliverSm.getShortMessage();
        String text = body == null ? "" : new String(body, StandardCharsets.ISO_8859_1);
        String id = null;
        OptionalParameter.Receipted_message_id receipted =
                deliverSm.getOptionalParameter(OptionalParameter.Receipted_message_id.class);
        if (receipted != null && !receipted.getValueAsString().isBlank()) {
            id = receipted.getValueAsString().trim();
        }
        if (id == null) {
            id = field(text, "id");
        }
        String stat = field(text, "stat");
        if (stat == null) {
            OptionalParameter.Message_state state = deliverSm.getOptionalParameter(OptionalParameter.Message_state.class);
            int value = state == null ? 0 : state.getValue();
            stat = value > 0 && value < MESSAGE_STATES.length ? MESSAGE_STATES[value] : null;
        }
        if (id == null || stat == null) {
            return Optional.empty();
        }
        return Optional.of(new DeliveryReceiptFields(id, stat.toUpperCase(), field(text, "err")));
    }

    /**
     * The value of the first {@code key:} (any case) that starts a word and is followed by a value: the characters up
     * to the next white space. Null when there is none.
     */
    static String field(String text, String key) {
        int n = key.length();
        for (int colon = text.indexOf(':', n); colon >= 0; colon = text.indexOf(':', colon + 1)) {
            int start = colon - n;
            if (!text.regionMatches(true, start, key, 0, n) || (start > 0 && isWordChar(text.charAt(start - 1)))) {
                continue;
            }
            int end = colon + 1;
            while (end < text.length() && !isSpace(text.charAt(end))) {
                end++;
            }
            if (end > colon + 1) {
                return text.substring(colon + 1, end);
            }
        }
        return null;
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }
}
