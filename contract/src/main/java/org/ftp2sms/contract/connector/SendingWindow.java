package org.ftp2sms.contract.connector;

import java.time.DayOfWeek;
import java.util.List;

/** Days of the week and a local time span {@code from}-{@code to} ("HH:mm"). */
public record SendingWindow(List<DayOfWeek> days, String from, String to) {
}
