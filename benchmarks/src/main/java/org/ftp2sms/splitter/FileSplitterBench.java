package org.ftp2sms.splitter;

import org.ftp2sms.bench.jmh.HotPathSamples;
import org.ftp2sms.contract.FileArrived;
import org.ftp2sms.contract.IngestionReport;
import org.ftp2sms.contract.Protocol;
import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.rules.phone.PhoneNormalizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;

/**
 * The row-splitter's per-row work without Kafka: {@link FileSplitter} (in this package because it is the stage's
 * own, package-private class) reading a 1 000-row file from memory, CSV parsing, phone normalisation and the
 * {@link Row} of each line; and {@link PhoneNormalizer} alone. One operation is one row.
 */
@State(Scope.Benchmark)
public class FileSplitterBench {
    static final int ROWS = 1_000;

    private Path file;
    private byte[] content;
    private FileSplitter splitter;
    private FileArrived arrived;
    private Connector connector;

    @Setup
    public void setUp() throws Exception {
        content = HotPathSamples.csv(ROWS).getBytes(StandardCharsets.UTF_8);
        file = Files.createTempFile("ftp2sms-jmh", ".csv");
        Files.write(file, content); // FileSplitter reads its size; the content comes from memory below
        splitter = new FileSplitter(
                1_000_000,
                Long.MAX_VALUE,
                Clock.fixed(HotPathSamples.RECEIVED_AT, ZoneOffset.UTC),
                path -> new ByteArrayInputStream(content));
        arrived = new FileArrived(
                "f-bench",
                HotPathSamples.CONNECTOR_ID,
                "bench.csv",
                file.toString(),
                content.length,
                "0".repeat(64),
                Protocol.SFTP,
                HotPathSamples.RECEIVED_AT);
        connector = HotPathSamples.connector();
    }

    @TearDown
    public void tearDown() throws Exception {
        Files.deleteIfExists(file);
    }

    /** CSV parsing, phone normalisation and the {@link Row} of a line: the splitter's loop for one file, per row. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public Object splitRow(Blackhole bh) {
        SplitOutcome outcome = splitter.split(arrived, connector, new SplitOutput() {
            @Override
            public void report(IngestionReport report) {
                bh.consume(report);
            }

            @Override
            public void row(Row row) {
                bh.consume(row);
            }

            @Override
            public void status(Status status) {
                bh.consume(status);
            }
        });
        if (outcome.rows() != ROWS || outcome.invalidRows() != 0) {
            throw new IllegalStateException("unexpected outcome " + outcome);
        }
        return outcome;
    }

    /** A phone as written in files: international, national with spaces, and international with its + lost. */
    @State(Scope.Benchmark)
    public static class PhoneForm {
        @Param({"+32470123456", "0470 12 34 56", "32470123456"})
        public String phone;
    }

    /** {@link PhoneNormalizer} alone (the file of {@link #splitRow} has the first form). */
    @Benchmark
    public Object normalizePhone(PhoneForm form) {
        return PhoneNormalizer.normalize(form.phone, "BE");
    }
}
