package org.ftp2sms.splitter;

import org.ftp2sms.contract.IngestionReport;
import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.Status;

/** Where a file's events go; the stage sends them, asynchronously, inside the file's transaction. */
interface SplitOutput {
    void report(IngestionReport report);

    void row(Row row);

    void status(Status status);
}
