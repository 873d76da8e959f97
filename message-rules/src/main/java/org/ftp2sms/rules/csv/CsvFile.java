package org.ftp2sms.rules.csv;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * An opened CSV file whose header passed the rules: its {@link #format()} and its data lines, read as they are
 * iterated (never the whole file in memory). Iterate once. A line whose fields are all empty (as spreadsheets
 * write below the data) is skipped like an empty line. A problem part-way through is a {@link CsvFileException}.
 */
public final class CsvFile implements CsvOpening, Iterable<CsvLine>, AutoCloseable {
    private final CsvFormat format;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private boolean iterated;

    CsvFile(CsvFormat format, CSVParser parser, Iterator<CSVRecord> records) {
        this.format = format;
        this.parser = parser;
        this.records = records;
    }

    public CsvFormat format() {
        return format;
    }

    @Override
    public Iterator<CsvLine> iterator() {
        if (iterated) {
            throw new IllegalStateException("a CsvFile can be iterated once");
        }
        iterated = true;
        return new Lines();
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            // Nothing to save: the input is only read.
        }
    }

    private final class Lines implements Iterator<CsvLine> {
        private final List<String> columns = format.columns();
        private long rowNumber;
        private CsvLine next;

        @Override
        public boolean hasNext() {
            while (next == null) {
                CSVRecord record = nextRecord();
                if (record == null) {
                    return false;
                }
                if (!isBlank(record)) {
                    next = toLine(++rowNumber, record);
                }
            }
            return true;
        }

        @Override
        public CsvLine next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            CsvLine line = next;
            next = null;
            return line;
        }

        private CSVRecord nextRecord() {
            try {
                return records.hasNext() ? records.next() : null;
            } catch (UncheckedIOException | IllegalStateException e) {
                throw translate(e);
            }
        }

        private CsvFileException translate(RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof CharacterCodingException) {
                return new CsvFileException("the file is not valid " + format.encoding() + " after data row " + rowNumber
                        + ": save the whole file in one encoding (UTF-8 preferably)", rowNumber, e);
            }
            String detail = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
            return new CsvFileException("the file cannot be read after data row " + rowNumber
                    + " (a quote not closed, or text after a closing quote?): " + detail, rowNumber, e);
        }

        private CsvLine toLine(long number, CSVRecord record) {
            List<String> fields = new ArrayList<>(record.size());
            record.forEach(fields::add);
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < Math.min(columns.size(), fields.size()); i++) {
                values.put(columns.get(i), fields.get(i));
            }
            return new CsvLine(number, Collections.unmodifiableList(fields), Collections.unmodifiableMap(values),
                    countMatches(fields));
        }

        private boolean countMatches(List<String> fields) {
            if (fields.size() < columns.size()) {
                return false;
            }
            for (int i = columns.size(); i < fields.size(); i++) {
                if (!fields.get(i).isEmpty()) {
                    return false;
                }
            }
            return true;
        }

        private boolean isBlank(CSVRecord record) {
            for (String value : record) {
                if (!value.isBlank()) {
                    return false;
                }
            }
            return true;
        }
    }
}
