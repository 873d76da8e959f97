package org.ftp2sms.contract.connector;

import java.time.Duration;

/**
 * How a connector sends: at most {@code maxParts} SMS parts, de-duplication, when, its share of the SMSC, and how
 * long a file's content counts as already received.
 *
 * @param priority             1 to 10, default (null) {@value #DEFAULT_PRIORITY}: the connector's weight when several
 *                             connectors have messages waiting for the same SMSC (10 gets twice the share of 5)
 * @param maxMessagesPerSecond optional (null: no limit): messages of this connector submitted per second; messages
 *                             over it wait, they are never refused
 * @param repeatedFileWindow   a file whose content (SHA-256) equals one the connector had processed that recently is
 *                             not processed again (IGNORED); {@link Duration#ZERO} turns the check off; null means
 *                             {@link #DEFAULT_REPEATED_FILE_WINDOW}
 * @param expireAfter          optional (null: never): a message not submitted within this long after its file arrived
 *                             is refused ({@code 805-expired-before-sending}); one submitted in time carries the
 *                             rest as its SMPP validity period
 */
public record SendingOptions(
        int maxParts,
        boolean dedupeWithinFile,
        int dedupeAcrossFilesDays,
        SendingCalendar calendar,
        Integer priority,
        Integer maxMessagesPerSecond,
        Duration repeatedFileWindow,
        Duration expireAfter) {

    public static final int MAX_PARTS_LIMIT = 10;
    public static final int DEFAULT_PRIORITY = 5;
    public static final int MIN_PRIORITY = 1;
    public static final int MAX_PRIORITY = 10;
    public static final Duration DEFAULT_REPEATED_FILE_WINDOW = Duration.ofDays(1);
    /** The longest {@code repeatedFileWindow}: the file-digests topic keeps entries a day longer. */
    public static final Duration MAX_REPEATED_FILE_WINDOW = Duration.ofDays(30);

    /** The longest {@code expireAfter}: SMSCs keep a message at most a few days anyway. */
    public static final Duration MAX_EXPIRE_AFTER = Duration.ofDays(30);

    /** No expiry. */
    public SendingOptions(int maxParts, boolean dedupeWithinFile, int dedupeAcrossFilesDays, SendingCalendar calendar,
                          Integer priority, Integer maxMessagesPerSecond, Duration repeatedFileWindow) {
        this(maxParts, dedupeWithinFile, dedupeAcrossFilesDays, calendar, priority, maxMessagesPerSecond, repeatedFileWindow, null);
    }

    /** Default priority, no rate limit, the default repeated-file window. */
    public SendingOptions(int maxParts, boolean dedupeWithinFile, int dedupeAcrossFilesDays, SendingCalendar calendar) {
        this(maxParts, dedupeWithinFile, dedupeAcrossFilesDays, calendar, null, null, null);
    }

    /** The default repeated-file window. */
    public SendingOptions(int maxParts, boolean dedupeWithinFile, int dedupeAcrossFilesDays, SendingCalendar calendar,
                          Integer priority, Integer maxMessagesPerSecond) {
        this(maxParts, dedupeWithinFile, dedupeAcrossFilesDays, calendar, priority, maxMessagesPerSecond, null);
    }

    public static SendingOptions defaults() {
        return new SendingOptions(3, true, 0, null);
    }

    /** The priority to schedule with: the given one, or the default when none (or one out of range slipped through). */
    public int effectivePriority() {
        return priority == null || priority < MIN_PRIORITY || priority > MAX_PRIORITY ? DEFAULT_PRIORITY : priority;
    }

    /** Messages per second allowed, 0 for no limit. */
    public int effectiveMaxMessagesPerSecond() {
        return maxMessagesPerSecond == null || maxMessagesPerSecond < 1 ? 0 : maxMessagesPerSecond;
    }

    /** The window in force: the connector's, or the default when it set none. */
    public Duration repeatedFileWindowOrDefault() {
        return repeatedFileWindow == null ? DEFAULT_REPEATED_FILE_WINDOW : repeatedFileWindow;
    }
}
