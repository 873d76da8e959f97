package org.ftp2sms.dispatcher;

import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.OptionalParameter;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a delivery receipt says: which submit it is about and how it ended. The id comes from the
 * {@code receipted_message_id} TLV when present (read as a string: its raw value keeps the trailing NUL),
 * else from the receipt text's {@code id:}; the state from the text's {@code stat:}, else the
 * {@code message_state} TLV.
 */
record DeliveryReceiptFields(String smscMessageId, String stat, String err) {
    private static final Pattern ID = Pattern.compile("(?i)\\bid:(\\S+)");
    private static final Pattern STAT = Pattern.compile("(?i)\\bstat:(\\S+)");
    private static final Pattern ERR = Pattern.compile("(?i)\\berr:(\\S+)");
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
            id = first(ID, text);
        }
        String stat = first(STAT, text);
        if (stat == null) {
            OptionalParameter.Message_state state = deliverSm.getOptionalParameter(OptionalParameter.Message_state.class);
            int value = state == null ? 0 : state.getValue();
            stat = value > 0 && value < MESSAGE_STATES.length ? MESSAGE_STATES[value] : null;
        }
        if (id == null || stat == null) {
            return Optional.empty();
        }
        return Optional.of(new DeliveryReceiptFields(id, stat.toUpperCase(), first(ERR, text)));
    }

    private static String first(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
