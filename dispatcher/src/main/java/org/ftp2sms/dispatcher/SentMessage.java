package org.ftp2sms.dispatcher;

import java.time.Instant;

/** What the dispatcher remembers of a submitted message, to turn its receipt or a reply into events. */
record SentMessage(String messageId, String fileIngestionId, String connectorId, String phone, Instant sentAt) {
}
