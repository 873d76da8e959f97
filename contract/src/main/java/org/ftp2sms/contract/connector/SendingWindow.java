package org.ftp2sms.contract.connector;

import java.util.List;

/** Days of the week and a local time span {@code from}-{@code to} ("HH:mm"). */
public record SendingWindow(List<Weekday> days, String from, String to) {
}
