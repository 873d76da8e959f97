package org.ftp2sms.aggregator;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;
import org.ftp2sms.contract.Reply;
import org.ftp2sms.contract.Status;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;

/**
 * The two daily export formats of DESIGN.md, and the preview of a dry run. Every cell is spreadsheet-safe: a value a spreadsheet would run
 * as a formula (starting with {@code = + - @}, tab or CR) is prefixed with a single quote, and quoting follows
 * RFC 4180 so commas, quotes, newlines and any Unicode survive.
 */
public final class ExportCsv {
    public static final String[] STATUS_HEADER =
            {"templateId", "fileIngestionId", "messageId", "phone", "sentAt", "deliveredAt", "statusCode", "statusReason"};
    /** The preview of a dry run: one line per data row, in file order; {@code result} is {@code send} or {@code refused}. */
    public static final String[] PREVIEW_HEADER =
            {"rowNumber", "phone", "text", "encoding", "parts", "result", "statusCode", "statusReason"};
    public static final String[] RECEIVED_HEADER =
            {"templateId", "fileIngestionId", "messageId", "outgoingMessageId", "phone", "message", "receivedAt"};

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setQuoteMode(QuoteMode.MINIMAL)
            .setRecordSeparator("\r\n")
            .get();

    private final CSVPrinter printer;

    private ExportCsv(Writer out, String[] header) throws IOException {
        this.printer = new CSVPrinter(out, FORMAT);
        printer.printRecord((Object[]) header);
    }

    public static ExportCsv statuses(Writer out) throws IOException {
        return new ExportCsv(out, STATUS_HEADER);
    }

    public static ExportCsv received(Writer out) throws IOException {
        return new ExportCsv(out, RECEIVED_HEADER);
    }

    /** One final status; templateId is the connector id. */
    public void write(Status s) throws IOException {
        printer.printRecord(safe(s.connectorId()), safe(s.fileIngestionId()), safe(s.messageId()), safe(s.phone()),
                time(s.sentAt()), time(s.deliveredAt()), s.statusCode(), safe(s.statusReason()));
    }

    static ExportCsv preview(Writer out) throws IOException {
        return new ExportCsv(out, PREVIEW_HEADER);
    }

    void write(DryRunRow r) throws IOException {
        printer.printRecord(r.rowNumber(), safe(r.phone()), safe(r.text()), r.encoding() == null ? "" : r.encoding().name(),
                r.parts() == null ? "" : r.parts(), r.wouldBeSent() ? "send" : "refused",
                r.statusCode() == null ? "" : r.statusCode(), safe(r.statusReason()));
    }

    public void write(Reply r) throws IOException {
        printer.printRecord(safe(r.connectorId()), safe(r.fileIngestionId()), safe(r.messageId()),
                safe(r.outgoingMessageId()), safe(r.phone()), safe(r.message()), time(r.receivedAt()));
    }

    public void flush() throws IOException {
        printer.flush();
    }

    /** A cell a spreadsheet shows as text, never evaluates. */
    static String safe(String value) {
        if (value == null || value.isEmpty()) {
            return value == null ? "" : value;
        }
        char first = value.charAt(0);
        boolean formula = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        return formula ? "'" + value : value;
    }

    private static String time(Instant instant) {
        return instant == null ? "" : instant.toString();
    }
}
