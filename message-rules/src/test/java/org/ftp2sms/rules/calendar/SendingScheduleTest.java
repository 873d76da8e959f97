package org.ftp2sms.rules.calendar;

import org.ftp2sms.contract.connector.SendingCalendar;
import org.ftp2sms.contract.connector.SendingWindow;
import org.ftp2sms.contract.connector.Weekday;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SendingScheduleTest {
    private static final String BRUSSELS = "Europe/Brussels";
    private static final List<Weekday> WORKDAYS = List.of(Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI);
    private static final List<Weekday> EVERY_DAY = List.of(Weekday.values());

    private static SendingSchedule schedule(List<SendingWindow> windows, LocalDate... closed) {
        return SendingSchedule.of(new SendingCalendar(BRUSSELS, windows, List.of(closed)));
    }

    private static Instant next(SendingSchedule schedule, String now) {
        return schedule.nextAllowedInstant(Instant.parse(now)).orElseThrow();
    }

    @Test
    void insideAWindowIsNow() {
        SendingSchedule s = schedule(List.of(new SendingWindow(WORKDAYS, "09:00", "20:00")));
        // Wednesday 2026-11-25 10:00 CET
        assertThat(next(s, "2026-11-25T09:00:00Z")).isEqualTo("2026-11-25T09:00:00Z");
        assertThat(s.isOpen(Instant.parse("2026-11-25T09:00:00Z"))).isTrue();
        assertThat(next(s, "2026-11-25T08:00:00Z")).as("09:00 local is the opening itself").isEqualTo("2026-11-25T08:00:00Z");
    }

    @Test
    void beforeTheWindowWaitsForItsOpeningAndAfterItForTheNextDay() {
        SendingSchedule s = schedule(List.of(new SendingWindow(WORKDAYS, "09:00", "20:00")));
        assertThat(next(s, "2026-11-25T05:00:00Z")).isEqualTo("2026-11-25T08:00:00Z");
        // 20:00 local is closed already (the window is from-inclusive, to-exclusive).
        assertThat(next(s, "2026-11-25T19:00:00Z")).isEqualTo("2026-11-26T08:00:00Z");
        assertThat(s.isOpen(Instant.parse("2026-11-25T19:00:00Z"))).isFalse();
    }

    @Test
    void aFridayEveningWaitsForMonday() {
        SendingSchedule s = schedule(List.of(new SendingWindow(WORKDAYS, "09:00", "20:00")));
        assertThat(next(s, "2026-11-27T21:00:00Z")).isEqualTo("2026-11-30T08:00:00Z");
    }

    @Test
    void closedDatesAreSkipped() {
        SendingSchedule s = schedule(List.of(new SendingWindow(WORKDAYS, "09:00", "20:00")),
                LocalDate.parse("2026-12-25"), LocalDate.parse("2026-12-28"));
        // Thursday 24 Dec after hours -> Friday 25 closed -> Monday 28 closed -> Tuesday 29.
        assertThat(next(s, "2026-12-24T20:00:00Z")).isEqualTo("2026-12-29T08:00:00Z");
    }

    @Test
    void springForwardMovesTheUtcOpeningAnHourEarlier() {
        SendingSchedule s = schedule(List.of(new SendingWindow(EVERY_DAY, "09:00", "20:00")));
        // Saturday 28 March 2026 is CET (+1); Sunday 29 March is CEST (+2).
        assertThat(next(s, "2026-03-27T20:00:00Z")).isEqualTo("2026-03-28T08:00:00Z");
        assertThat(next(s, "2026-03-28T20:00:00Z")).isEqualTo("2026-03-29T07:00:00Z");
    }

    @Test
    void aWindowOpeningInTheSpringGapOpensAtTheEndOfTheGap() {
        // 02:00-03:00 does not exist on 29 March 2026 in Brussels.
        SendingSchedule s = schedule(List.of(new SendingWindow(List.of(Weekday.SUN), "02:30", "04:00")));
        assertThat(next(s, "2026-03-28T23:00:00Z")).isEqualTo("2026-03-29T01:00:00Z"); // 03:00 CEST
        assertThat(s.isOpen(Instant.parse("2026-03-29T01:59:00Z"))).isTrue();          // 03:59 CEST
        assertThat(s.isOpen(Instant.parse("2026-03-29T02:00:00Z"))).isFalse();         // 04:00 CEST
    }

    @Test
    void fallBackMovesTheUtcOpeningAnHourLaterAndAnOverlapWindowLastsAsTheClockSays() {
        SendingSchedule daily = schedule(List.of(new SendingWindow(EVERY_DAY, "09:00", "20:00")));
        // Saturday 24 October 2026 is CEST (+2); Sunday 25 October is CET (+1).
        assertThat(next(daily, "2026-10-23T20:00:00Z")).isEqualTo("2026-10-24T07:00:00Z");
        assertThat(next(daily, "2026-10-24T20:00:00Z")).isEqualTo("2026-10-25T08:00:00Z");

        // 02:00-03:00 happens twice on 25 October: the window 02:15-02:45 opens at the first 02:15 (00:15Z)
        // and closes at the second 02:45 (01:45Z).
        SendingSchedule overlap = schedule(List.of(new SendingWindow(List.of(Weekday.SUN), "02:15", "02:45")));
        assertThat(next(overlap, "2026-10-24T23:00:00Z")).isEqualTo("2026-10-25T00:15:00Z");
        assertThat(overlap.isOpen(Instant.parse("2026-10-25T01:00:00Z"))).isTrue();
        assertThat(overlap.isOpen(Instant.parse("2026-10-25T01:45:00Z"))).isFalse();
    }

    @Test
    void anOvernightWindowRunsIntoTheNextDayUnlessThatDayIsClosed() {
        SendingSchedule s = schedule(List.of(new SendingWindow(List.of(Weekday.MON), "22:00", "06:00")));
        // Tuesday 1 December 2026 04:00 CET is inside Monday's window.
        assertThat(s.isOpen(Instant.parse("2026-12-01T03:00:00Z"))).isTrue();
        assertThat(next(s, "2026-12-01T05:00:00Z")).isEqualTo("2026-12-07T21:00:00Z");
        SendingSchedule closedTuesday = schedule(List.of(new SendingWindow(List.of(Weekday.MON), "22:00", "06:00")),
                LocalDate.parse("2026-12-01"));
        assertThat(closedTuesday.isOpen(Instant.parse("2026-11-30T22:30:00Z"))).isTrue();
        assertThat(closedTuesday.isOpen(Instant.parse("2026-12-01T03:00:00Z"))).isFalse();
        SendingSchedule untilMidnight = schedule(List.of(new SendingWindow(List.of(Weekday.MON), "18:00", "24:00")));
        assertThat(untilMidnight.isOpen(Instant.parse("2026-11-30T22:59:00Z"))).isTrue();
        assertThat(untilMidnight.isOpen(Instant.parse("2026-11-30T23:00:00Z"))).isFalse();
    }

    @Test
    void noCalendarIsAnyTimeAndNoWindowsIsAnyTimeButClosedDates() {
        assertThat(SendingSchedule.of(null).nextAllowedInstant(Instant.parse("2026-11-25T03:00:00Z")))
                .contains(Instant.parse("2026-11-25T03:00:00Z"));
        SendingSchedule s = schedule(List.of(), LocalDate.parse("2026-11-25"));
        assertThat(next(s, "2026-11-25T03:00:00Z")).isEqualTo("2026-11-25T23:00:00Z"); // local midnight
        assertThat(next(s, "2026-11-26T03:00:00Z")).isEqualTo("2026-11-26T03:00:00Z");
    }

    @Test
    void aCalendarWithMistakesIsRefusedWithReasons() {
        SendingCalendar bad = new SendingCalendar("Mars/Olympus", List.of(new SendingWindow(List.of(), "9h", "20:00"),
                new SendingWindow(WORKDAYS, "10:00", "10:00")), List.of());
        assertThat(SendingSchedule.problems(bad)).hasSize(4)
                .anySatisfy(p -> assertThat(p).contains("time zone"))
                .anySatisfy(p -> assertThat(p).contains("windows[0].days"))
                .anySatisfy(p -> assertThat(p).contains("windows[0].from"))
                .anySatisfy(p -> assertThat(p).contains("windows[1]: from and to"));
        assertThatThrownBy(() -> SendingSchedule.of(bad)).isInstanceOf(CalendarException.class);
        assertThat(SendingSchedule.problems(new SendingCalendar(BRUSSELS, List.of(new SendingWindow(WORKDAYS, "09:00", "24:00")), null)))
                .isEmpty();
    }
}
