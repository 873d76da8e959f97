package org.ftp2sms.aggregator;

import org.ftp2sms.contract.IngestionReport;

/**
 * A dry-run file being collected: its DRY_RUN report once seen (null before: results may come first) and how many of
 * its rows have a result. Complete when every row of the report has one.
 */
record DryRunFile(IngestionReport report, long results) {
    static final DryRunFile NONE = new DryRunFile(null, 0);

    DryRunFile withReport(IngestionReport r) {
        return new DryRunFile(r, results);
    }

    DryRunFile withOneMore() {
        return new DryRunFile(report, results + 1);
    }

    boolean isComplete() {
        return report != null && results >= report.rows();
    }
}
