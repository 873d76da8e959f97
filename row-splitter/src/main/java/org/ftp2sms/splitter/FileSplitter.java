package org.ftp2sms.splitter;

import org.ftp2sms.contract.FileArrived;
import org.ftp2sms.contract.IngestionReport;
import org.ftp2sms.contract.IngestionState;
import org.ftp2sms.contract.MessageIds;
import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.Mapping;
import org.ftp2sms.rules.csv.CsvFile;
import org.ftp2sms.rules.csv.CsvFileException;
import org.ftp2sms.rules.csv.CsvFileReader;
import org.ftp2sms.rules.csv.CsvLine;
import org.ftp2sms.rules.csv.CsvOpening;
import org.ftp2sms.rules.csv.CsvRejection;
import org.ftp2sms.rules.phone.PhoneNormalizer;
import org.ftp2sms.rules.phone.PhoneResult;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One stored file to events, streaming: the file rules (size, format, header, phone column), then an ACCEPTED
 * report, a {@link Row} per data line with a valid phone, an 8xx {@link Status} per line without one, and a
 * COMPLETED report. A file refused before its first row gets a single REJECTED or IGNORED report. A file refused
 * part-way (too many rows, malformed, cut off: its last line has no line break and too few fields) throws
 * {@link FileRefusedException}: what was sent must be aborted. A stored
 * file the storage fails to read throws {@link StoredFileUnavailableException}: abort and retry, never reject.
 * Reasons are for the customer: they never name the server-side path.
 *
 * <p>Progress: every {@value #PROGRESS_EVERY} data rows, one more report in state ACCEPTED (DESIGN.md has no
 * separate state for it) whose {@code rows}/{@code invalidRows} are the counts so far and whose reason starts with
 * {@code "in progress: "}. Like every event of the file it is inside the file's transaction: a read_committed
 * reader (connector-admin) sees the progress reports only at commit, in order before COMPLETED, so the latest report
 * of a file is always its final one; a read_uncommitted reader sees them live. A live view for read_committed
 * readers would need a second, non-transactional producer, which would leave the progress of aborted attempts
 * visible: not done.
 * <p>The COMPLETED reason counts the refused rows by status code, e.g.
 * {@code "9997 rows published, 3 refused: 2 821-invalid-phone, 1 822-malformed-row (see the statuses)"}.
 */
final class FileSplitter {
    static final String CUT_OFF = "the upload looks cut off: ";
    private static final String AGAIN = "; nothing was sent: upload the whole file again (scripts: upload under a"
            + " temporary name such as orders.csv.part, then rename it)";
    /** Rows between two progress reports. */
    static final int PROGRESS_EVERY = 10_000;

    private final int maxRows;
    private final long maxBytes;
    private final Clock clock;
    private final StoredFileOpener opener;

    FileSplitter(int maxRows, long maxBytes, Clock clock) {
        this(maxRows, maxBytes, clock, Files::newInputStream);
    }

    /** With {@code opener} in place of {@link Files#newInputStream}: for tests of a storage failing part-way. */
    FileSplitter(int maxRows, long maxBytes, Clock clock, StoredFileOpener opener) {
        this.maxRows = maxRows;
        this.maxBytes = maxBytes;
        this.clock = clock;
        this.opener = opener;
    }

    @FunctionalInterface
    interface StoredFileOpener {
        InputStream open(Path path) throws IOException;
    }

    /**
     * {@code connector} is null when it is not (or no longer) known.
     *
     * @throws FileRefusedException           the file is refused part-way: abort what was sent, then reject it
     * @throws StoredFileUnavailableException the stored file could not be read (the storage's fault): abort and retry
     */
    SplitOutcome split(FileArrived file, Connector connector, SplitOutput out) {
        Path path = Path.of(file.storedPath());
        long size;
        StoredFileInput stored;
        try {
            size = Math.max(file.sizeBytes(), Files.size(path));
            stored = new StoredFileInput(opener.open(path));
        } catch (NoSuchFileException e) {
            return SplitOutcome.missing("the stored file " + path + " does not exist");
        } catch (IOException e) {
            throw new StoredFileUnavailableException(path, e);
        }
        SplitOutcome outcome;
        try (InputStream in = new BufferedInputStream(stored, 64 * 1024)) {
            outcome = split(file, connector, size, stored::looksCutOff, in, out);
        } catch (IOException | UncheckedIOException e) {
            throw storageFailure(path, stored).orElseGet(() -> new StoredFileUnavailableException(path, ioCause(e)));
        } catch (RuntimeException e) {
            // A refusal the CSV reader made of an I/O error ("cannot be read after data row n") was the storage's.
            Optional<StoredFileUnavailableException> storage = storageFailure(path, stored);
            if (storage.isPresent()) {
                throw storage.get();
            }
            throw e;
        }
        // Likewise a REJECTED "the header line cannot be read" after an I/O error.
        Optional<StoredFileUnavailableException> storage = storageFailure(path, stored);
        if (storage.isPresent()) {
            throw storage.get();
        }
        return outcome;
    }

    /** {@code cutOff} tells, once the file is read to its end, whether it ends without a line break. */
    private SplitOutcome split(FileArrived file, Connector connector, long size, BooleanSupplier cutOff,
                               InputStream in, SplitOutput out) {
        if (connector == null) {
            return end(file, out, IngestionState.REJECTED, "the connector " + file.connectorId() + " no longer exists (deleted)");
        }
        if (size > maxBytes) {
            return end(file, out, IngestionState.REJECTED, "the file is " + readableSize(size) + ", more than the "
                    + readableSize(maxBytes) + " allowed");
        }
        Mapping mapping = connector.mapping();
        String phoneColumn = mapping == null ? null : mapping.phoneColumn();
        CsvOpening opening = CsvFileReader.open(in);
        if (opening instanceof CsvRejection rejection) {
            return end(file, out, IngestionState.REJECTED, rejection.reason());
        }
        try (CsvFile csv = (CsvFile) opening) {
            if (phoneColumn == null || !csv.format().columns().contains(phoneColumn)) {
                return end(file, out, IngestionState.IGNORED, "the file has no column \"" + phoneColumn
                        + "\" (the connector's phone column); its columns are " + String.join(", ", csv.format().columns()));
            }
            out.report(report(file, IngestionState.ACCEPTED, csv.format().describe(), 0, 0));
            return splitLines(file, csv, phoneColumn, mapping.defaultCountry(), cutOff, out);
        }
    }

    private static Optional<StoredFileUnavailableException> storageFailure(Path path, StoredFileInput stored) {
        return stored.failure().map(e -> new StoredFileUnavailableException(path, e));
    }

    private static IOException ioCause(Exception e) {
        return e instanceof UncheckedIOException unchecked ? unchecked.getCause() : (IOException) e;
    }

    private SplitOutcome splitLines(FileArrived file, CsvFile csv, String phoneColumn, String defaultCountry,
                                    BooleanSupplier cutOff, SplitOutput out) {
        long rows = 0;
        long invalid = 0;
        Map<StatusCode, Long> refused = new EnumMap<>(StatusCode.class);
        CsvLine last = null;
        try {
            for (CsvLine line : csv) {
                last = line;
                rows = line.rowNumber();
                if (rows > maxRows) {
                    throw new FileRefusedException("the file has more than " + maxRows + " data rows", null);
                }
                String raw = line.values().getOrDefault(phoneColumn, "");
                StatusCode refusal = null;
                if (!line.fieldCountMatches()) {
                    refusal = StatusCode.MALFORMED_ROW;
                } else {
                    PhoneResult phone = PhoneNormalizer.normalize(raw, defaultCountry);
                    if (phone instanceof PhoneResult.Valid valid) {
                        out.row(new Row(file.fileIngestionId(), file.connectorId(), line.rowNumber(), valid.phone(),
                                line.values(), file.receivedAt()));
                    } else {
                        refusal = ((PhoneResult.Refused) phone).code();
                    }
                }
                if (refusal != null) {
                    invalid++;
                    refused.merge(refusal, 1L, Long::sum);
                    // The refused text as written: the only way for the customer to recognise the row.
                    out.status(status(file, line.rowNumber(), raw.strip(), refusal));
                }
                if (rows % PROGRESS_EVERY == 0) {
                    out.report(report(file, IngestionState.ACCEPTED, "in progress: " + rows + " rows read, " + invalid
                            + " refused so far", rows, invalid));
                }
            }
        } catch (CsvFileException e) {
            throw new FileRefusedException(cutOff.getAsBoolean() ? CUT_OFF + e.getMessage() + AGAIN : e.getMessage(), e);
        }
        // SFTP cannot tell a client's Ctrl-C from a finished upload: a cut file betrays itself by its end.
        if (last != null && !last.fieldCountMatches() && cutOff.getAsBoolean()) {
            throw new FileRefusedException(CUT_OFF + "its last line (data row " + last.rowNumber() + ") has no line break and "
                    + last.fields().size() + " of " + csv.format().columns().size() + " fields" + AGAIN, null);
        }
        // A dry run ends as such: the state says no message will be sent, and it leaves no digest.
        IngestionState end = file.dryRun() ? IngestionState.DRY_RUN : IngestionState.COMPLETED;
        String reason = (file.dryRun() ? "dry run, nothing will be sent: " : "") + completedReason(rows, invalid, refused);
        out.report(report(file, end, reason, rows, invalid));
        return new SplitOutcome(end, rows, invalid, reason);
    }

    private static String completedReason(long rows, long invalid, Map<StatusCode, Long> refused) {
        StringBuilder reason = new StringBuilder().append(rows - invalid).append(rows - invalid == 1 ? " row" : " rows")
                .append(" published");
        if (invalid > 0) {
            reason.append(", ").append(invalid).append(" refused: ");
            String separator = "";
            for (Map.Entry<StatusCode, Long> entry : refused.entrySet()) {
                reason.append(separator).append(entry.getValue()).append(' ').append(entry.getKey().reason());
                separator = ", ";
            }
            reason.append(" (see the statuses)");
        }
        return reason.toString();
    }

    private SplitOutcome end(FileArrived file, SplitOutput out, IngestionState state, String reason) {
        out.report(report(file, state, reason, 0, 0));
        return new SplitOutcome(state, 0, 0, reason);
    }

    IngestionReport report(FileArrived file, IngestionState state, String reason, long rows, long invalidRows) {
        return new IngestionReport(file.fileIngestionId(), file.connectorId(), file.fileName(), state, reason, rows,
                invalidRows, clock.instant());
    }

    private Status status(FileArrived file, long rowNumber, String phone, StatusCode code) {
        return Status.of(MessageIds.of(file.fileIngestionId(), rowNumber), file.fileIngestionId(), file.connectorId(),
                phone, code, null, null, clock.instant());
    }

    private static String readableSize(long bytes) {
        return bytes < 1024 * 1024 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
