package org.ftp2sms.smsc;

import java.time.Instant;

/**
 * One submit_sm the simulator accepted, decoded.
 *
 * @param dataCoding    the PDU's data_coding (0 GSM 7-bit, 8 UCS-2, ...)
 * @param smscMessageId the message id answered in submit_sm_resp (and quoted by the receipt)
 * @param udh           the user data header when esm_class had UDHI set, else null (of the last part, for a
 *                      concatenated message)
 * @param at            when the (last) submit_sm arrived
 * @param parts         how many submit_sm carried the text: a concatenated message is reassembled by its
 *                      reference and recorded once, when its last part arrives
 * @param partMessageIds the submit_sm_resp id of each part, in part order ({@code smscMessageId} is the first)
 * @param validityPeriod the PDU's validity_period as sent (SMPP 3.4 §7.1.1), null when empty (the SMSC's default)
 */
public record ReceivedSubmit(String systemId, String source, String destination, String text, int dataCoding,
                             String smscMessageId, byte[] udh, Instant at, int parts, java.util.List<String> partMessageIds,
                             String validityPeriod) {
}
