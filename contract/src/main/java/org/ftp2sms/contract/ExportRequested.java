package org.ftp2sms.contract;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A request to (re)generate the two export files of one connector for one UTC day now, whatever the hour.
 * Keyed by {@code connectorId} on {@link Topics#EXPORT_REQUESTS}.
 */
public record ExportRequested(String connectorId, LocalDate date, Instant requestedAt) {
}
