package org.ftp2sms.dispatcher;

import org.ftp2sms.rules.sms.Gsm7Alphabet;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.OptionalParameter;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The text of a mobile-originated deliver_sm: short_message or message_payload, without a UDH, decoded. */
final class ShortMessageText {
    private ShortMessageText() {
    }

    static String of(DeliverSm deliverSm) {
        byte[] bytes = deliverSm.getShortMessage();
        if (bytes == null || bytes.length == 0) {
            OptionalParameter payload = deliverSm.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD);
            bytes = payload instanceof OptionalParameter.OctetString octets ? octets.getValue() : new byte[0];
        }
        if (deliverSm.isUdhi() && bytes.length > 0) {
            int header = (bytes[0] & 0xFF) + 1;
            bytes = header >= bytes.length ? new byte[0] : Arrays.copyOfRange(bytes, header, bytes.length);
        }
        return switch (deliverSm.getDataCoding() & 0xFF) {
            case 0x00 -> Gsm7Alphabet.decode(bytes);
            case 0x01 -> new String(bytes, StandardCharsets.US_ASCII);
            case 0x08 -> new String(bytes, StandardCharsets.UTF_16BE);
            default -> new String(bytes, StandardCharsets.ISO_8859_1);
        };
    }
}
