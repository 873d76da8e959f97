package org.ftp2sms.rules.csv;

/** A file that turns out unreadable part-way (a quote never closed, bytes not in its encoding); the message is for a person. */
public class CsvFileException extends RuntimeException {
    private final long afterRow;

    public CsvFileException(String message, long afterRow, Throwable cause) {
        super(message, cause);
        this.afterRow = afterRow;
    }

    /** The last data row read successfully before the problem (0 when none). */
    public long afterRow() {
        return afterRow;
    }
}
