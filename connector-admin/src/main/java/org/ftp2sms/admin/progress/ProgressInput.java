package org.ftp2sms.admin.progress;

import org.ftp2sms.contract.IngestionReport;

/**
 * One input of the file progress processor, keyed by file ingestion id: a report, or one partition's tally of the
 * file's messages. One type so both share one repartition topic, and meet in the file's task.
 */
record ProgressInput(IngestionReport report, PartitionTally tally) {
    static ProgressInput of(IngestionReport report) {
        return new ProgressInput(report, null);
    }

    static ProgressInput of(PartitionTally tally) {
        return new ProgressInput(null, tally);
    }
}
