package org.ftp2sms.contract.connector;

import java.time.DayOfWeek;

/** A day of a sending window, spelled as in the connector JSON ({@code MON} .. {@code SUN}). */
public enum Weekday {
    MON(DayOfWeek.MONDAY),
    TUE(DayOfWeek.TUESDAY),
    WED(DayOfWeek.WEDNESDAY),
    THU(DayOfWeek.THURSDAY),
    FRI(DayOfWeek.FRIDAY),
    SAT(DayOfWeek.SATURDAY),
    SUN(DayOfWeek.SUNDAY);

    private final DayOfWeek day;

    Weekday(DayOfWeek day) {
        this.day = day;
    }

    public DayOfWeek dayOfWeek() {
        return day;
    }
}
