package org.ftp2sms.contract;

public enum IngestionState {
    ACCEPTED,
    REJECTED,
    IGNORED,
    COMPLETED,
    /** A file of the {@code preview/} folder, split and judged like any file; its rows are never sent. */
    DRY_RUN
}
