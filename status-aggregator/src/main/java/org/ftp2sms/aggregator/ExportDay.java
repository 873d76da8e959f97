package org.ftp2sms.aggregator;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One connector's UTC day in the export processor: {@code pending} while it holds rows not yet in its files
 * (a row arriving after the day was written makes it pending again, and the day is written whole once more);
 * {@code exportedAt} the last time its files were written, null before. The entry is the done-marker that makes a
 * restart neither skip nor repeat a day.
 */
record ExportDay(String connectorId, LocalDate date, boolean pending, Instant exportedAt) {
    ExportDay changed() {
        return new ExportDay(connectorId, date, true, exportedAt);
    }

    ExportDay exported(Instant at) {
        return new ExportDay(connectorId, date, false, at);
    }
}
