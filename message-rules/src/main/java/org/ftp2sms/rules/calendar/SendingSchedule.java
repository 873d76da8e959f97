package org.ftp2sms.rules.calendar;

import org.ftp2sms.contract.connector.SendingCalendar;
import org.ftp2sms.contract.connector.SendingWindow;
import org.ftp2sms.contract.connector.Weekday;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * When a connector's messages may go out: its {@link SendingCalendar} read in its time zone. A window runs from
 * {@code from} to {@code to} local time on each of its days ({@code to} of {@code 24:00} is midnight; a {@code to}
 * earlier than {@code from} runs over midnight into the next day). A closed date closes the whole local day, also
 * the part of an overnight window that falls on it. No windows means any time but the closed dates.
 *
 * <p>Daylight-saving changes: a window boundary that falls in a spring-forward gap moves to the end of the gap (the
 * first local time that exists); in an autumn overlap a window opens at the first occurrence of its {@code from}
 * and closes at the last occurrence of its {@code to}, so it lasts as long as a local clock says it does.
 */
public final class SendingSchedule {
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
    private static final String MIDNIGHT = "24:00";
    /** How far ahead a window is looked for: beyond this a calendar is taken as never open. */
    private static final int HORIZON_DAYS = 2 * 366;
    private static final SendingSchedule ALWAYS = new SendingSchedule(ZoneId.of("UTC"), List.of(), Set.of());

    private final ZoneId zone;
    private final List<Window> windows;
    private final Set<LocalDate> closedDates;

    private SendingSchedule(ZoneId zone, List<Window> windows, Set<LocalDate> closedDates) {
        this.zone = zone;
        this.windows = windows;
        this.closedDates = closedDates;
    }

    /** The schedule of {@code calendar}; null is "any time". A calendar with problems is a {@link CalendarException}. */
    public static SendingSchedule of(SendingCalendar calendar) {
        if (calendar == null) {
            return ALWAYS;
        }
        List<String> problems = problems(calendar);
        if (!problems.isEmpty()) {
            throw new CalendarException(String.join("; ", problems));
        }
        List<Window> windows = new ArrayList<>();
        for (SendingWindow w : calendar.windows() == null ? List.<SendingWindow>of() : calendar.windows()) {
            Set<java.time.DayOfWeek> days = EnumSet.noneOf(java.time.DayOfWeek.class);
            w.days().forEach(d -> days.add(d.dayOfWeek()));
            boolean untilMidnight = MIDNIGHT.equals(w.to().trim());
            LocalTime from = LocalTime.parse(w.from().trim(), HH_MM);
            LocalTime to = untilMidnight ? LocalTime.MIDNIGHT : LocalTime.parse(w.to().trim(), HH_MM);
            windows.add(new Window(days, from, to, untilMidnight || !to.isAfter(from)));
        }
        Set<LocalDate> closed = new HashSet<>(calendar.closedDates() == null ? List.of() : calendar.closedDates());
        return new SendingSchedule(ZoneId.of(calendar.timezone().trim()), List.copyOf(windows), Set.copyOf(closed));
    }

    /** What is wrong with {@code calendar}, for the person who wrote it; empty when it is valid. */
    public static List<String> problems(SendingCalendar calendar) {
        List<String> problems = new ArrayList<>();
        if (calendar == null) {
            return problems;
        }
        if (calendar.timezone() == null || calendar.timezone().isBlank()) {
            problems.add("calendar.timezone is required (e.g. Europe/Brussels)");
        } else {
            try {
                ZoneId.of(calendar.timezone().trim());
            } catch (DateTimeException e) {
                problems.add("calendar.timezone: unknown time zone '" + calendar.timezone() + "'");
            }
        }
        List<SendingWindow> windows = calendar.windows() == null ? List.of() : calendar.windows();
        for (int i = 0; i < windows.size(); i++) {
            SendingWindow w = windows.get(i);
            String where = "calendar.windows[" + i + "]";
            if (w == null) {
                problems.add(where + " is empty");
                continue;
            }
            if (w.days() == null || w.days().isEmpty() || w.days().stream().anyMatch(java.util.Objects::isNull)) {
                problems.add(where + ".days: at least one of " + List.of(Weekday.values()) + " expected");
            }
            LocalTime from = time(w.from(), false, where + ".from", problems);
            LocalTime to = time(w.to(), true, where + ".to", problems);
            if (from != null && to != null && from.equals(to) && !MIDNIGHT.equals(w.to().trim())) {
                problems.add(where + ": from and to are the same time");
            }
        }
        if (calendar.closedDates() != null && calendar.closedDates().stream().anyMatch(java.util.Objects::isNull)) {
            problems.add("calendar.closedDates: a date is empty");
        }
        return problems;
    }

    private static LocalTime time(String text, boolean midnightAllowed, String where, List<String> problems) {
        if (text == null || text.isBlank()) {
            problems.add(where + " is required (HH:mm)");
            return null;
        }
        if (midnightAllowed && MIDNIGHT.equals(text.trim())) {
            return LocalTime.MIDNIGHT;
        }
        try {
            return LocalTime.parse(text.trim(), HH_MM);
        } catch (DateTimeParseException e) {
            problems.add(where + ": '" + text + "' is not a time HH:mm" + (midnightAllowed ? " (or 24:00)" : ""));
            return null;
        }
    }

    public boolean isOpen(Instant now) {
        return nextAllowedInstant(now).map(now::equals).orElse(false);
    }

    /**
     * {@code now} when a message may go out now, else the instant the next window opens; empty when no window
     * opens within two years (every day closed, say).
     */
    public Optional<Instant> nextAllowedInstant(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        Instant best = null;
        for (LocalDate day = today.minusDays(1); day.isBefore(today.plusDays(HORIZON_DAYS)); day = day.plusDays(1)) {
            if (best != null && startOfDay(day).isAfter(best)) {
                break;
            }
            for (Interval interval : intervalsStarting(day)) {
                for (Interval open : withoutClosedDays(interval)) {
                    if (open.end().isAfter(now)) {
                        Instant candidate = open.start().isAfter(now) ? open.start() : now;
                        if (best == null || candidate.isBefore(best)) {
                            best = candidate;
                        }
                    }
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private List<Interval> intervalsStarting(LocalDate day) {
        if (windows.isEmpty()) {
            return List.of(new Interval(startOfDay(day), startOfDay(day.plusDays(1))));
        }
        List<Interval> intervals = new ArrayList<>(windows.size());
        for (Window w : windows) {
            if (!w.days().contains(day.getDayOfWeek())) {
                continue;
            }
            Instant start = opening(day.atTime(w.from()));
            Instant end = w.overnight() ? closing(day.plusDays(1).atTime(w.to())) : closing(day.atTime(w.to()));
            if (end.isAfter(start)) {
                intervals.add(new Interval(start, end));
            }
        }
        return intervals;
    }

    /** {@code interval} minus the closed local days it touches. */
    private List<Interval> withoutClosedDays(Interval interval) {
        if (closedDates.isEmpty()) {
            return List.of(interval);
        }
        List<Interval> open = new ArrayList<>(2);
        Instant cursor = interval.start();
        LocalDate day = LocalDate.ofInstant(interval.start(), zone);
        while (cursor.isBefore(interval.end())) {
            Instant dayEnd = startOfDay(day.plusDays(1));
            Instant pieceEnd = dayEnd.isBefore(interval.end()) ? dayEnd : interval.end();
            if (!closedDates.contains(day)) {
                if (!open.isEmpty() && open.get(open.size() - 1).end().equals(cursor)) {
                    open.set(open.size() - 1, new Interval(open.get(open.size() - 1).start(), pieceEnd));
                } else {
                    open.add(new Interval(cursor, pieceEnd));
                }
            }
            cursor = pieceEnd;
            day = day.plusDays(1);
        }
        return open;
    }

    private Instant startOfDay(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }

    /** Earliest instant of a local time; in a gap, the end of the gap. */
    private Instant opening(LocalDateTime local) {
        ZoneOffsetTransition transition = zone.getRules().getTransition(local);
        if (transition != null && transition.isGap()) {
            return transition.getInstant();
        }
        return local.atZone(zone).withEarlierOffsetAtOverlap().toInstant();
    }

    /** Latest instant of a local time; in a gap, the end of the gap. */
    private Instant closing(LocalDateTime local) {
        ZoneOffsetTransition transition = zone.getRules().getTransition(local);
        if (transition != null && transition.isGap()) {
            return transition.getInstant();
        }
        return local.atZone(zone).withLaterOffsetAtOverlap().toInstant();
    }

    private record Window(Set<java.time.DayOfWeek> days, LocalTime from, LocalTime to, boolean overnight) {
    }

    private record Interval(Instant start, Instant end) {
    }
}
