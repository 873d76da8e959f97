package org.ftp2sms.contract;

/**
 * The key of rows and messages: connector and phone, so that every row for one recipient of one
 * connector lands on the same partition and dedupe state stays local to it.
 */
public final class RecipientKey {
    private RecipientKey() {
    }

    public static String of(String connectorId, String phone) {
        return connectorId + ":" + phone;
    }
}
