package org.ftp2sms.splitter;

import org.ftp2sms.contract.IngestionReport;
import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.Status;

import java.util.ArrayList;
import java.util.List;

/** What a {@link FileSplitter} sent, in order, without Kafka. */
final class RecordingOutput implements SplitOutput {
    final List<IngestionReport> reports = new ArrayList<>();
    final List<Row> rows = new ArrayList<>();
    final List<Status> statuses = new ArrayList<>();

    @Override
    public void report(IngestionReport report) {
        reports.add(report);
    }

    @Override
    public void row(Row row) {
        rows.add(row);
    }

    @Override
    public void status(Status status) {
        statuses.add(status);
    }
}
