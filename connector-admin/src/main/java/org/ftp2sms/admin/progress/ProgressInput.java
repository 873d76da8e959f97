package org.ftp2sms.admin.progress;

import org.ftp2sms.contract.IngestionReport;
import org.ftp2sms.contract.Status;

/**
 * One input of the progress processor, keyed by file ingestion id: a report or a status. One type so both share
 * one repartition topic, and a file's reports and statuses meet in one task.
 */
record ProgressInput(IngestionReport report, Status status) {
    static ProgressInput of(IngestionReport report) {
        return new ProgressInput(report, null);
    }

    static ProgressInput of(Status status) {
        return new ProgressInput(null, status);
    }
}
