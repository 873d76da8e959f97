package org.ftp2sms.rules.csv;

/** The result of {@link CsvFileReader#open}: a readable {@link CsvFile} or a {@link CsvRejection}. */
public sealed interface CsvOpening permits CsvFile, CsvRejection {
}
