package org.ftp2sms.smsc;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The text of a delivery receipt, as SMSCs write it (SMPP 3.4, appendix B): {@code id:… sub:001 dlvrd:001 submit
 * date:YYMMDDhhmm done date:YYMMDDhhmm stat:DELIVRD err:000 text:…}, dates in UTC. jSMPP's {@code DeliveryReceipt}
 * writes the same text but builds a {@code SimpleDateFormat} for every receipt: half of the receipt thread's CPU.
 */
final class ReceiptText {
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyMMddHHmm").withZone(ZoneOffset.UTC);

    private ReceiptText() {}

    /**
     * @param delivered whether the one part submitted was delivered ({@code dlvrd:001}) or not ({@code dlvrd:000})
     * @param stat      the final state, e.g. {@code DELIVRD} or {@code UNDELIV}
     * @param excerpt   the start of the message, already kept to printable ASCII
     */
    static String of(
            String id, boolean delivered, Instant submitted, Instant done, String stat, String err, String excerpt) {
        StringBuilder out = new StringBuilder(110 + id.length() + excerpt.length());
        out.append("id:")
                .append(id)
                .append(" sub:001 dlvrd:")
                .append(delivered ? "001" : "000")
                .append(" submit date:");
        DATE.formatTo(submitted, out);
        out.append(" done date:");
        DATE.formatTo(done, out);
        return out.append(" stat:")
                .append(stat)
                .append(" err:")
                .append(err)
                .append(" text:")
                .append(excerpt)
                .toString();
    }
}
