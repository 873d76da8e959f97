package org.ftp2sms.dispatcher;

import org.ftp2sms.contract.Encoding;
import org.ftp2sms.contract.Message;
import org.ftp2sms.rules.sms.Gsm7Alphabet;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.TypeOfNumber;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns a {@link Message} into the submit_sm PDUs that carry it. A text longer than one SMS travels whole in
 * the {@code message_payload} TLV for now; splitting it into UDH-concatenated parts (issue 8) replaces only
 * this class, which is why it returns a list.
 */
final class SubmitSmFactory {
    /** One SMS: 160 GSM septets (one per byte, unpacked) or 140 octets of UCS-2. */
    static final int GSM_SINGLE_SEPTETS = 160;
    static final int UCS2_SINGLE_OCTETS = 140;
    private static final byte CODING_GSM7 = 0x00;
    private static final byte CODING_UCS2 = 0x08;
    private static final OptionalParameter[] NONE = new OptionalParameter[0];

    List<SubmitPdu> build(Message message) {
        String text = message.text() == null ? "" : message.text();
        // A GSM7 message the alphabet cannot carry is sent as UCS-2 rather than garbled.
        boolean gsm = message.encoding() != Encoding.UCS2 && Gsm7Alphabet.canEncode(text);
        byte[] body = gsm ? Gsm7Alphabet.encode(text) : text.getBytes(StandardCharsets.UTF_16BE);
        boolean single = body.length <= (gsm ? GSM_SINGLE_SEPTETS : UCS2_SINGLE_OCTETS);
        return List.of(new SubmitPdu(SenderAddress.of(message.sender()),
                TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, message.phone(),
                (byte) 0, gsm ? CODING_GSM7 : CODING_UCS2,
                single ? body : new byte[0],
                single ? NONE : new OptionalParameter[] {new OptionalParameter.Message_payload(body)}));
    }
}
