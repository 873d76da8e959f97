package org.ftp2sms.rules.calendar;

/** A sending calendar that cannot be used; the message is written for the person who wrote it. */
public class CalendarException extends IllegalArgumentException {
    public CalendarException(String message) {
        super(message);
    }
}
