package org.ftp2sms.contract.connector;

import java.time.Duration;

/**
 * How a connector sends: at most {@code maxParts} SMS parts, de-duplication, when, and how long a file's content
 * counts as already received.
 *
 * @param repeatedFileWindow a file whose content (SHA-256) equals one the connector received that recently is not
 *                           processed again (IGNORED); {@link Duration#ZERO} turns the check off; null means
 *                           {@link #DEFAULT_REPEATED_FILE_WINDOW}
 */
public record SendingOptions(
        int maxParts,
        boolean dedupeWithinFile,
        int dedupeAcrossFilesDays,
        SendingCalendar calendar,
        Duration repeatedFileWindow) {

    public static final int MAX_PARTS_LIMIT = 10;
    public static final Duration DEFAULT_REPEATED_FILE_WINDOW = Duration.ofDays(1);
    /** The longest {@code repeatedFileWindow}: the file-digests topic keeps entries a day longer. */
    public static final Duration MAX_REPEATED_FILE_WINDOW = Duration.ofDays(30);

    public SendingOptions(int maxParts, boolean dedupeWithinFile, int dedupeAcrossFilesDays, SendingCalendar calendar) {
        this(maxParts, dedupeWithinFile, dedupeAcrossFilesDays, calendar, null);
    }

    public static SendingOptions defaults() {
        return new SendingOptions(3, true, 0, null);
    }

    /** The window in force: the connector's, or the default when it set none. */
    public Duration repeatedFileWindowOrDefault() {
        return repeatedFileWindow == null ? DEFAULT_REPEATED_FILE_WINDOW : repeatedFileWindow;
    }
}
