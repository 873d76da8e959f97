package org.ftp2sms.dispatcher;

import org.ftp2sms.contract.Encoding;
import org.ftp2sms.contract.Message;
import org.ftp2sms.rules.sms.Gsm7Alphabet;
import org.ftp2sms.rules.sms.SmsSegments;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.util.AbsoluteTimeFormatter;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;

/**
 * Turns a {@link Message} into the submit_sm PDUs that carry it: one PDU when the text fits one SMS, else one
 * per part of {@link SmsSegments} (the packing the renderer counted parts with), each starting with the
 * concatenation user-data header {@code 05 00 03 ref total seq} and esm_class UDHI. GSM-7 travels unpacked
 * (one septet per octet, data_coding 0): the SMSC packs it and adds the fill bits after the header.
 *
 * <p>The reference number is derived from the message id, so a message submitted again after a crash carries
 * the same reference as before. The validity period is the message's expiry as an absolute UTC time
 * ({@code YYMMDDhhmmsst00+}), also the same on a resubmit, where a relative one would grow.
 */
final class SubmitSmFactory {
    private static final byte CODING_GSM7 = 0x00;
    private static final byte CODING_UCS2 = 0x08;
    private static final byte ESM_DEFAULT = 0x00;
    private static final byte ESM_UDHI = 0x40;
    private static final int MAX_PARTS = 255;
    private static final OptionalParameter[] NONE = new OptionalParameter[0];

    List<SubmitPdu> build(Message message) {
        return build(message, null);
    }

    /** @param validUntil when the SMSC should stop trying to deliver, or null for its default */
    List<SubmitPdu> build(Message message, Instant validUntil) {
        String validity = validUntil == null ? null : validityPeriod(validUntil);
        String text = message.text() == null ? "" : message.text();
        // A GSM7 message the alphabet cannot carry is sent as UCS-2 rather than garbled.
        Encoding encoding = message.encoding() != Encoding.UCS2 && Gsm7Alphabet.canEncode(text) ? Encoding.GSM7 : Encoding.UCS2;
        byte coding = encoding == Encoding.GSM7 ? CODING_GSM7 : CODING_UCS2;
        SenderAddress source = SenderAddress.of(message.sender());
        List<String> parts = SmsSegments.split(text, encoding);
        if (parts.size() <= 1) {
            return List.of(pdu(source, message, ESM_DEFAULT, coding, encode(text, encoding), validity));
        }
        if (parts.size() > MAX_PARTS) {
            throw new IllegalArgumentException("a message of " + parts.size() + " parts cannot be concatenated");
        }
        int reference = referenceOf(message.messageId());
        List<SubmitPdu> pdus = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            byte[] body = encode(parts.get(i), encoding);
            byte[] shortMessage = new byte[6 + body.length];
            shortMessage[0] = 0x05;                 // UDH length
            shortMessage[1] = 0x00;                 // IEI: concatenated short messages, 8-bit reference
            shortMessage[2] = 0x03;                 // IE length
            shortMessage[3] = (byte) reference;
            shortMessage[4] = (byte) parts.size();
            shortMessage[5] = (byte) (i + 1);
            System.arraycopy(body, 0, shortMessage, 6, body.length);
            pdus.add(pdu(source, message, ESM_UDHI, coding, shortMessage, validity));
        }
        return pdus;
    }

    static int referenceOf(String messageId) {
        return messageId == null ? 0 : (messageId.hashCode() ^ (messageId.hashCode() >>> 8) ^ (messageId.hashCode() >>> 16)) & 0xFF;
    }

    private static byte[] encode(String text, Encoding encoding) {
        return encoding == Encoding.GSM7 ? Gsm7Alphabet.encode(text) : text.getBytes(StandardCharsets.UTF_16BE);
    }

    /** SMPP 3.4 §7.1.1 absolute time in UTC (quarter-hour offset 00, {@code +}). */
    static String validityPeriod(Instant validUntil) {
        Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        utc.setTimeInMillis(validUntil.toEpochMilli());
        return new AbsoluteTimeFormatter().format(utc);
    }

    private static SubmitPdu pdu(SenderAddress source, Message message, byte esmClass, byte coding, byte[] shortMessage,
                                 String validity) {
        return new SubmitPdu(source, TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, message.phone(),
                esmClass, coding, shortMessage, NONE, validity);
    }
}
