package org.ftp2sms.contract;

import java.util.List;

/** The topics of DESIGN.md: the contract between stages and with internal consumers. */
public final class Topics {
    public static final String CONNECTORS = "ftp2sms.connectors";
    public static final String FILE_ARRIVALS = "ftp2sms.file-arrivals";
    public static final String INGESTIONS = "ftp2sms.ingestions";
    public static final String ROWS = "ftp2sms.rows";
    public static final String ROWS_UNIQUE = "ftp2sms.rows-unique";
    public static final String MESSAGES = "ftp2sms.messages";
    /** Dispatcher-internal: messages its sending calendar lets go now, or released from the calendar hold (key as messages). */
    public static final String MESSAGES_READY = "ftp2sms.messages-ready";
    /** Dispatcher-internal, compacted: SMSC message id (and last message per phone) to the message it carries, for receipts and replies after a restart. */
    public static final String SMSC_SUBMISSIONS = "ftp2sms.smsc-submissions";
    public static final String STATUSES = "ftp2sms.statuses";
    public static final String REPLIES = "ftp2sms.replies";
    /** connectorId -> {@link ExportRequested}: regenerate a day's exports now (connector-admin to status-aggregator). */
    public static final String EXPORT_REQUESTS = "ftp2sms.export-requests";
    /**
     * Compacted, {@code connectorId/sha256} -> {@link FileDigest}: the files each connector had processed, by content,
     * for the repeated-file check of the row-splitter. Entries also expire after {@link #FILE_DIGESTS_RETENTION}.
     */
    public static final String FILE_DIGESTS = "ftp2sms.file-digests";
    public static final java.time.Duration FILE_DIGESTS_RETENTION = java.time.Duration.ofDays(31);
    /** connectorId -> {@link WebhookDeadLetter}: webhook calls given up after the retry budget. */
    public static final String WEBHOOK_DEAD_LETTERS = "ftp2sms.webhook-dead-letters";
    /** Records a reader could not read, raw, with headers naming their origin and the reason (see service-kit DeadLetters). */
    public static final String DEAD_LETTERS = "ftp2sms.dead-letters";

    /** Every topic, in pipeline order. {@link #CONNECTORS}, {@link #SMSC_SUBMISSIONS} and {@link #FILE_DIGESTS} are compacted. */
    public static final List<String> ALL = List.of(CONNECTORS, FILE_ARRIVALS, INGESTIONS, FILE_DIGESTS, ROWS, ROWS_UNIQUE,
            MESSAGES, MESSAGES_READY, SMSC_SUBMISSIONS, STATUSES, REPLIES, EXPORT_REQUESTS, WEBHOOK_DEAD_LETTERS, DEAD_LETTERS);

    private Topics() {
    }

    public static boolean isCompacted(String topic) {
        return CONNECTORS.equals(topic) || SMSC_SUBMISSIONS.equals(topic) || FILE_DIGESTS.equals(topic);
    }
}
