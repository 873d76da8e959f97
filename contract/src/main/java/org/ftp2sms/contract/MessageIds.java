package org.ftp2sms.contract;

/**
 * Deterministic message ids: a re-processed file yields the same ids, so downstream stages can drop repeats.
 */
public final class MessageIds {
    private MessageIds() {
    }

    public static String of(String fileIngestionId, long rowNumber) {
        return fileIngestionId + "-" + rowNumber;
    }
}
