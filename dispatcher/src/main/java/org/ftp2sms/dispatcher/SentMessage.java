package org.ftp2sms.dispatcher;

import java.time.Instant;
import java.util.List;

/**
 * What the dispatcher remembers of a submitted message, to turn its receipts or a reply into events. Kept in
 * {@code ftp2sms.smsc-submissions} too, so a receipt arriving after a restart still finds its message.
 *
 * @param partIds the submit_sm_resp id of every part, in order (one for a single SMS)
 * @param sender  the source address it was sent from, as {@link ReplyAddress} writes it: replies to it are
 *                matched to this message; null in entries journaled before replies were matched by sender
 */
record SentMessage(String messageId, String fileIngestionId, String connectorId, String phone, Instant sentAt,
                   List<String> partIds, String sender) {
}
