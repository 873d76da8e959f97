package org.ftp2sms.bench.jmh;

import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.Mapping;
import org.ftp2sms.contract.connector.SendingOptions;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data the micro-benchmarks feed the production code: rows as {@code PipelineBenchmark} writes them (about 100
 * bytes, seven columns of which the template uses two) and its connector, so a micro figure and the pipeline's
 * figure are about the same work.
 */
public final class HotPathSamples {
    public static final String CONNECTOR_ID = "c-bench";
    public static final String TEMPLATE = "Hello {{ first_name | capitalize }}, your code is {{ code }}";
    public static final String CSV_HEADER = "phone;first_name;last_name;code;email;city;customer_ref\n";
    private static final List<String> COLUMNS =
            List.of("phone", "first_name", "last_name", "code", "email", "city", "customer_ref");
    public static final Instant RECEIVED_AT = Instant.parse("2026-11-30T05:41:00.123Z");

    private HotPathSamples() {}

    /** Data line {@code i} (from 0) of the CSV, with its line break; recipient {@code firstPhone + i}. */
    public static String csvLine(int i, int firstPhone) {
        return String.join(";", values(i, firstPhone)) + "\n";
    }

    /** A whole CSV file of {@code rows} distinct recipients. */
    public static String csv(int rows) {
        StringBuilder csv = new StringBuilder(CSV_HEADER);
        for (int i = 0; i < rows; i++) {
            csv.append(csvLine(i, 0));
        }
        return csv.toString();
    }

    /** The row the splitter makes of data line {@code i}: phone in E.164 digits, every column kept. */
    public static Row row(String fileIngestionId, int i, Instant receivedAt) {
        List<String> values = values(i, 0);
        Map<String, String> columns = new LinkedHashMap<>();
        for (int c = 0; c < COLUMNS.size(); c++) {
            columns.put(COLUMNS.get(c), values.get(c));
        }
        return new Row(fileIngestionId, CONNECTOR_ID, i + 1L, values.get(0).substring(1), columns, receivedAt);
    }

    /** The benchmark's connector: Belgian numbers, the pipeline benchmark's template, the default sending options. */
    public static Connector connector() {
        return connector(SendingOptions.defaults());
    }

    public static Connector connector(SendingOptions options) {
        return new Connector(
                CONNECTOR_ID,
                "bench",
                "FTP2SMS",
                new Mapping("phone", "BE"),
                TEMPLATE,
                options,
                null,
                null,
                RECEIVED_AT,
                RECEIVED_AT);
    }

    private static List<String> values(int i, int firstPhone) {
        return List.of(
                "+3247" + String.format("%07d", firstPhone + i),
                "name" + i,
                "Lastname" + i,
                String.valueOf(1000 + i % 9000),
                "customer" + i + "@example.com",
                "Brussels",
                "REF-" + String.format("%010d", i));
    }
}
