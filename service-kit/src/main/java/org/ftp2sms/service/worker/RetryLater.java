package org.ftp2sms.service.worker;

/**
 * Thrown by a handler when a record cannot be handled now for a reason outside the record (storage down, a view
 * behind): the worker aborts, rewinds and tries the record again after a pause, for as long as it takes. It never
 * counts towards refusing the record ({@link Supervision#attemptsBeforeRefusing()}), and the worker stays healthy.
 */
public class RetryLater extends RuntimeException {
    public RetryLater(String message, Throwable cause) {
        super(message, cause);
    }
}
