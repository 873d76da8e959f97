package org.ftp2sms.contract.connector;

import java.time.LocalDate;
import java.util.List;

/** When messages may go out, in the connector's time zone. No windows means any time. */
public record SendingCalendar(String timezone, List<SendingWindow> windows, List<LocalDate> closedDates) {
}
