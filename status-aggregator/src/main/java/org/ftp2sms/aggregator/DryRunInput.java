package org.ftp2sms.aggregator;

import org.ftp2sms.contract.IngestionReport;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.Status;

/**
 * What the dry-run export receives, repartitioned by file: exactly one of the file's DRY_RUN report (how many rows
 * to expect), a refusal of one of its rows (from whichever stage refused it) or a message the dispatcher diverted
 * (it would have been submitted).
 */
record DryRunInput(IngestionReport report, Status status, Message message) {
    static DryRunInput of(IngestionReport report) {
        return new DryRunInput(report, null, null);
    }

    static DryRunInput of(Status status) {
        return new DryRunInput(null, status, null);
    }

    static DryRunInput of(Message message) {
        return new DryRunInput(null, null, message);
    }

    String fileIngestionId() {
        return report != null ? report.fileIngestionId() : status != null ? status.fileIngestionId() : message.fileIngestionId();
    }
}
