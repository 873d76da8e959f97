package org.ftp2sms.aggregator;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.ftp2sms.contract.Reply;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExportCsvTest {
    private static final Instant SENT = Instant.parse("2026-03-01T09:00:00Z");
    private static final Instant DELIVERED = Instant.parse("2026-03-01T09:00:02Z");

    @Test
    void statusExportHasExactlyTheDesignColumns() throws Exception {
        StringWriter out = new StringWriter();
        ExportCsv csv = ExportCsv.statuses(out);
        csv.write(Status.of("f1-1", "f1", "c1", "32476123456", StatusCode.DELIVERED, SENT, DELIVERED, DELIVERED));
        csv.flush();

        List<CSVRecord> rows = parse(out.toString());
        assertThat(rows.get(0).values()).containsExactly("templateId", "fileIngestionId", "messageId", "phone",
                "sentAt", "deliveredAt", "statusCode", "statusReason");
        assertThat(rows.get(1).values()).containsExactly("c1", "f1", "f1-1", "32476123456",
                "2026-03-01T09:00:00Z", "2026-03-01T09:00:02Z", "200", "200-delivered");
    }

    @Test
    void formulaRepliesAreNeutralisedAndAwkwardTextSurvives() throws Exception {
        StringWriter out = new StringWriter();
        ExportCsv csv = ExportCsv.received(out);
        csv.write(new Reply("r1", "f1-1", "c1", "f1", "32476123456", "=HYPERLINK(\"x\")", DELIVERED));
        csv.write(new Reply("r2", "f1-2", "c1", "f1", "32476123456", "yes, \"please\"\nthanks 😀", DELIVERED));
        csv.flush();

        List<CSVRecord> rows = parse(out.toString());
        assertThat(rows.get(0).values()).containsExactly("templateId", "fileIngestionId", "messageId",
                "outgoingMessageId", "phone", "message", "receivedAt");
        assertThat(rows.get(1).get(5)).isEqualTo("'=HYPERLINK(\"x\")");
        assertThat(rows.get(2).get(5)).isEqualTo("yes, \"please\"\nthanks 😀");
    }

    @Test
    void everyFormulaPrefixIsNeutralised() {
        for (String value : List.of("=1+1", "+32", "-2", "@SUM(A1)", "\tx", "\rx")) {
            assertThat(ExportCsv.safe(value)).startsWith("'");
        }
        assertThat(ExportCsv.safe("32476123456")).isEqualTo("32476123456");
    }

    private static List<CSVRecord> parse(String csv) throws Exception {
        return CSVFormat.RFC4180.parse(new StringReader(csv)).getRecords();
    }
}
