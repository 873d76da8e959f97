package org.ftp2sms.contract;

public enum IngestionState {
    ACCEPTED,
    REJECTED,
    IGNORED,
    COMPLETED
}
