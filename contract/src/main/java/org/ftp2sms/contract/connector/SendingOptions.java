package org.ftp2sms.contract.connector;

/** How a connector sends: at most {@code maxParts} SMS parts, de-duplication, and when. */
public record SendingOptions(
        int maxParts,
        boolean dedupeWithinFile,
        int dedupeAcrossFilesDays,
        SendingCalendar calendar) {

    public static final int MAX_PARTS_LIMIT = 10;

    public static SendingOptions defaults() {
        return new SendingOptions(3, true, 0, null);
    }
}
