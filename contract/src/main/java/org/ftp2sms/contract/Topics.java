package org.ftp2sms.contract;

import java.util.List;

/**
 * The topics of docs/topics.md: the contract between stages and with internal consumers. Every name starts with
 * {@code FTP2SMS_TOPIC_PREFIX} (read once, when the class loads; empty by default), so several installations can
 * share a cluster and ACLs can be granted on one prefix.
 */
public final class Topics {
    /** {@code FTP2SMS_TOPIC_PREFIX}: letters, digits, '.', '_' and '-' only, as Kafka allows in topic names. */
    public static final String PREFIX = prefix(System.getenv("FTP2SMS_TOPIC_PREFIX"));

    public static final String CONNECTORS = PREFIX + "ftp2sms.connectors";
    public static final String FILE_ARRIVALS = PREFIX + "ftp2sms.file-arrivals";
    public static final String INGESTIONS = PREFIX + "ftp2sms.ingestions";
    public static final String ROWS = PREFIX + "ftp2sms.rows";
    public static final String ROWS_UNIQUE = PREFIX + "ftp2sms.rows-unique";
    public static final String MESSAGES = PREFIX + "ftp2sms.messages";
    /** Dispatcher-internal: messages its sending calendar lets go now, or released from the calendar hold (key as messages). */
    public static final String MESSAGES_READY = PREFIX + "ftp2sms.messages-ready";
    /** Dispatcher-internal, compacted: SMSC message id (and last message per phone) to the message it carries, for receipts and replies after a restart. */
    public static final String SMSC_SUBMISSIONS = PREFIX + "ftp2sms.smsc-submissions";
    /**
     * fileIngestionId -> {@link Message}: the messages of dry-run files ({@link FileIngestionIds}) that passed every
     * stage, diverted by the dispatcher instead of submitted; the status-aggregator writes them into the preview export.
     */
    public static final String DRY_RUN_MESSAGES = PREFIX + "ftp2sms.dry-run-messages";
    public static final String STATUSES = PREFIX + "ftp2sms.statuses";
    public static final String REPLIES = PREFIX + "ftp2sms.replies";
    /** connectorId -> {@link ExportRequested}: regenerate a day's exports now (connector-admin to status-aggregator). */
    public static final String EXPORT_REQUESTS = PREFIX + "ftp2sms.export-requests";
    /**
     * Compacted, {@code connectorId/sha256} -> {@link FileDigest}: the files each connector had processed, by content,
     * for the repeated-file check of the row-splitter. Entries also expire after {@link #FILE_DIGESTS_RETENTION}.
     */
    public static final String FILE_DIGESTS = PREFIX + "ftp2sms.file-digests";
    public static final java.time.Duration FILE_DIGESTS_RETENTION = java.time.Duration.ofDays(31);
    /** Compacted, {@code scope:phone} -> {@link Suppression}: the suppression list (opt-outs), read by dedupe. */
    public static final String SUPPRESSIONS = PREFIX + "ftp2sms.suppressions";
    /** connectorId -> {@link WebhookDeadLetter}: webhook calls given up after the retry budget. */
    public static final String WEBHOOK_DEAD_LETTERS = PREFIX + "ftp2sms.webhook-dead-letters";
    /** Records a reader could not read, raw, with headers naming their origin and the reason (see service-kit DeadLetters). */
    public static final String DEAD_LETTERS = PREFIX + "ftp2sms.dead-letters";

    /** Every topic, in pipeline order. {@link #CONNECTORS}, {@link #SMSC_SUBMISSIONS}, {@link #FILE_DIGESTS} and {@link #SUPPRESSIONS} are compacted. */
    public static final List<String> ALL = List.of(CONNECTORS, FILE_ARRIVALS, INGESTIONS, FILE_DIGESTS, ROWS, ROWS_UNIQUE,
            MESSAGES, MESSAGES_READY, DRY_RUN_MESSAGES, SMSC_SUBMISSIONS, STATUSES, REPLIES, SUPPRESSIONS, EXPORT_REQUESTS, WEBHOOK_DEAD_LETTERS, DEAD_LETTERS);

    private Topics() {
    }

    static String prefix(String value) {
        if (value == null || value.isBlank()) {
            return "";
        }
        String trimmed = value.trim();
        if (!trimmed.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new IllegalArgumentException("FTP2SMS_TOPIC_PREFIX may hold only letters, digits, '.', '_' and '-' (at most 100): "
                    + trimmed);
        }
        return trimmed;
    }

    public static boolean isCompacted(String topic) {
        return CONNECTORS.equals(topic) || SMSC_SUBMISSIONS.equals(topic) || FILE_DIGESTS.equals(topic)
                || SUPPRESSIONS.equals(topic);
    }
}
