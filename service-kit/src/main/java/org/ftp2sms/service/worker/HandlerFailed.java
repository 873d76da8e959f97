package org.ftp2sms.service.worker;

/** The handler threw on a record: the record's coordinates and the cause, never the record's content. */
final class HandlerFailed extends RuntimeException {
    HandlerFailed(String topic, int partition, long offset, int attempt, int attempts, Throwable cause) {
        super(
                "handler threw " + cause.getClass().getSimpleName() + " on " + topic + "-" + partition + "@" + offset
                        + " (attempt " + attempt + " of " + attempts + ")",
                cause);
    }
}
