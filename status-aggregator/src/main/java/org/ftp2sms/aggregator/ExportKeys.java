package org.ftp2sms.aggregator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

/**
 * Keys of the export stores. Rows are keyed {@code connectorId|day|...} so that one prefix scan streams one
 * connector's day in key order; days are keyed {@code connectorId|day}.
 */
final class ExportKeys {
    /** A connector id becomes a directory name: letters, digits, {@code . _ -} only (and never {@code .} or {@code ..}). */
    private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    private ExportKeys() {
    }

    static boolean isPlainConnectorId(String connectorId) {
        return connectorId != null && PLAIN_ID.matcher(connectorId).matches() && !connectorId.contains("..");
    }

    static LocalDate utcDay(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    static String day(String connectorId, LocalDate date) {
        return connectorId + "|" + date;
    }

    static String dayPrefix(String connectorId, LocalDate date) {
        return day(connectorId, date) + "|";
    }

    /** One row per message and day: a later final status of the same day replaces the earlier one. */
    static String status(String connectorId, LocalDate date, String messageId) {
        return dayPrefix(connectorId, date) + messageId;
    }

    /** Replies in the order they were received. */
    static String reply(String connectorId, LocalDate date, Instant receivedAt, String messageId) {
        return dayPrefix(connectorId, date) + String.format("%013d", Math.max(0, receivedAt.toEpochMilli())) + "|" + messageId;
    }
}
