package org.ftp2sms.splitter;

import org.ftp2sms.contract.FileArrived;
import org.ftp2sms.contract.IngestionReport;
import org.ftp2sms.contract.IngestionState;
import org.ftp2sms.contract.Protocol;
import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.Mapping;
import org.ftp2sms.contract.connector.SendingOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The splitter's rules without Kafka: progress, the COMPLETED summary, and random input (fuzz). */
class FileSplitterTest {
    private static final Instant NOW = Instant.parse("2026-03-02T10:15:00Z");
    private static final Connector CONNECTOR = new Connector("c1", "test", "ACME", new Mapping("phone", "BE"), "Hi",
            SendingOptions.defaults(), null, null, NOW, NOW);
    /** Random files per run; {@code -Dfuzz.seed=N} replays one failing seed. */
    private static final int FUZZ_FILES = 1_000;

    @TempDir
    Path store;

    private final FileSplitter splitter = new FileSplitter(50, 8 * 1024, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void reportsProgressEveryTenThousandRowsInsideTheFile() throws IOException {
        StringBuilder text = new StringBuilder("phone,name\n");
        for (int i = 0; i < 25_000; i++) {
            text.append(i == 12_345 ? "garbage" : "0476" + String.format("%06d", i)).append(",n\n");
        }
        RecordingOutput out = new RecordingOutput();
        SplitOutcome outcome = new FileSplitter(RowSplitterSettings.DEFAULT_MAX_ROWS, RowSplitterSettings.DEFAULT_MAX_BYTES,
                Clock.fixed(NOW, ZoneOffset.UTC)).split(arrived(text.toString().getBytes(StandardCharsets.UTF_8)), CONNECTOR, out);

        assertThat(outcome.state()).isEqualTo(IngestionState.COMPLETED);
        assertThat(out.reports).extracting(IngestionReport::state, IngestionReport::rows, IngestionReport::invalidRows)
                .containsExactly(tuple(IngestionState.ACCEPTED, 0L, 0L), tuple(IngestionState.ACCEPTED, 10_000L, 0L),
                        tuple(IngestionState.ACCEPTED, 20_000L, 1L), tuple(IngestionState.COMPLETED, 25_000L, 1L));
        assertThat(out.reports.get(1).reason()).isEqualTo("in progress: 10000 rows read, 0 refused so far");
        assertThat(out.reports.get(3).reason()).isEqualTo("24999 rows published, 1 refused: 1 821-invalid-phone (see the statuses)");
        assertThat(out.rows).hasSize(24_999);
    }

    @Test
    void oneRowMoreThanTheDefaultLimitRefusesTheFileWithTheRowsAlreadySent() throws IOException {
        Path path = Files.createTempFile(store, "big", ".csv");
        try (var out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            out.write("phone\n");
            for (int i = 0; i <= RowSplitterSettings.DEFAULT_MAX_ROWS; i++) {
                out.write("+3247" + (1_000_000 + i) + "\n");
            }
        }
        RecordingOutput out = new RecordingOutput();
        FileSplitter defaults = new FileSplitter(RowSplitterSettings.DEFAULT_MAX_ROWS, RowSplitterSettings.DEFAULT_MAX_BYTES,
                Clock.fixed(NOW, ZoneOffset.UTC));
        FileArrived file = new FileArrived("f", "c1", "big.csv", path.toString(), Files.size(path), "sha", Protocol.SFTP, NOW);

        assertThatThrownBy(() -> defaults.split(file, CONNECTOR, out)).isInstanceOf(FileRefusedException.class)
                .hasMessage("the file has more than 200000 data rows");
        // Sent inside the transaction that the stage then aborts (RowSplitterStageTest, FileRulesTest).
        assertThat(out.rows).hasSize(RowSplitterSettings.DEFAULT_MAX_ROWS);
    }

    @Test
    void completedReasonCountsRefusalsByStatus() throws IOException {
        RecordingOutput out = new RecordingOutput();
        splitter.split(arrived("phone;name\n0476123456;a\n;b\nnope;c\n0476654321;d;extra\n12;e\n".getBytes(StandardCharsets.UTF_8)),
                CONNECTOR, out);
        assertThat(out.reports).last().extracting(IngestionReport::reason)
                .isEqualTo("1 row published, 4 refused: 1 820-empty-phone, 2 821-invalid-phone, 1 822-malformed-row (see the statuses)");
        assertThat(out.statuses).extracting(Status::messageId, Status::statusCode)
                .containsExactly(tuple("f-2", 820), tuple("f-3", 821), tuple("f-4", 822), tuple("f-5", 821));
    }

    @Test
    void aStoredFileTheStorageCannotReadIsNeverRejectedAndItsPathStaysOutOfTheReasons() throws IOException {
        // A directory in place of the file: it exists, its size reads, but reading it fails ("Is a directory").
        Path directory = Files.createDirectory(store.resolve("not-a-file"));
        FileArrived file = new FileArrived("f", "c1", "f.csv", directory.toString(), 10, "sha", Protocol.SFTP, NOW);
        RecordingOutput out = new RecordingOutput();

        assertThatThrownBy(() -> splitter.split(file, CONNECTOR, out)).isInstanceOf(StoredFileUnavailableException.class)
                .hasMessageContaining(directory.toString());
        assertThat(out.reports).isEmpty();
    }

    @Test
    void aStorageFailurePartWayIsRetriedNotTurnedIntoTheCsvReadersRefusal() throws IOException {
        String text = "phone,name\n" + "0476123456,ann\n".repeat(10_000);
        int failAfter = 100_000; // past the header sample, in the middle of the rows
        FileArrived file = arrived(text.getBytes(StandardCharsets.UTF_8));
        FileSplitter failing = new FileSplitter(50_000, 8 * 1024 * 1024, Clock.fixed(NOW, ZoneOffset.UTC),
                path -> new FailingAfter(Files.newInputStream(path), failAfter));
        RecordingOutput out = new RecordingOutput();

        assertThatThrownBy(() -> failing.split(file, CONNECTOR, out)).isInstanceOf(StoredFileUnavailableException.class)
                .hasMessageContaining("Input/output error");
        assertThat(out.rows).isNotEmpty(); // sent into the transaction the stage aborts
        assertThat(out.reports).extracting(IngestionReport::state).doesNotContain(IngestionState.REJECTED, IngestionState.COMPLETED);
        // The same bytes read without a failure are a fine file.
        assertThat(new FileSplitter(50_000, 8 * 1024 * 1024, Clock.fixed(NOW, ZoneOffset.UTC))
                .split(file, CONNECTOR, new RecordingOutput()).state()).isEqualTo(IngestionState.COMPLETED);
    }

    /** The storage failing after {@code limit} bytes, as a volume that goes away mid-read. */
    private static final class FailingAfter extends FilterInputStream {
        private long left;

        FailingAfter(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left-- <= 0) {
                throw new IOException("Input/output error");
            }
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                throw new IOException("Input/output error");
            }
            int read = super.read(b, off, (int) Math.min(len, left));
            left -= Math.max(read, 0);
            return read;
        }
    }

    /**
     * Random bytes and random CSV: the splitter either ends the file with reports that make sense (ACCEPTED ones then
     * one final state, every data row accounted for once) or refuses it with {@link FileRefusedException} and a reason
     * (the stage then aborts and publishes REJECTED). Any other exception is a bug. Seeded plain-JUnit loops rather than
     * jqwik: jqwik 1.10.x is built on JUnit Platform 1.x, this build runs JUnit 6.
     */
    @Test
    void randomInputAlwaysEndsInAReportOrARefusalWithAReason() throws IOException {
        long base = Long.getLong("fuzz.seed", 20261125L);
        int files = System.getProperty("fuzz.seed") != null ? 1 : FUZZ_FILES;
        int completed = 0;
        int refusedPartWay = 0;
        Map<String, Integer> reasons = new TreeMap<>(); // final state and reason start -> files, shown on failure
        for (long seed = base; seed < base + files; seed++) {
            byte[] bytes = RandomFiles.file(new Random(seed));
            RecordingOutput out = new RecordingOutput();
            SplitOutcome outcome;
            try {
                outcome = splitter.split(arrived(bytes), CONNECTOR, out);
            } catch (FileRefusedException e) {
                assertThat(e.getMessage()).as("seed %d", seed).isNotBlank();
                refusedPartWay++;
                continue;
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + " (-Dfuzz.seed=" + seed + ") threw out of the splitter", e);
            }
            assertEndsInAReport(seed, outcome, out);
            String r = out.reports.get(out.reports.size() - 1).reason();
            reasons.merge(outcome.state() + " " + r.substring(0, Math.min(40, r.length())), 1, Integer::sum);
            completed += outcome.state() == IngestionState.COMPLETED ? 1 : 0;
        }
        // The generator must reach both the happy end and the refusals, or the fuzzing proves little.
        if (files > 1) {
            assertThat(completed).as(reasons.toString()).isGreaterThan(files / 10);
            assertThat(refusedPartWay).isPositive();
        }
    }

    private static void assertEndsInAReport(long seed, SplitOutcome outcome, RecordingOutput out) {
        assertThat(outcome.state()).as("seed %d", seed).isNotNull();
        assertThat(out.reports).as("seed %d", seed).isNotEmpty();
        IngestionReport last = out.reports.get(out.reports.size() - 1);
        assertThat(last.state()).as("seed %d", seed).isEqualTo(outcome.state()).isNotEqualTo(IngestionState.ACCEPTED);
        assertThat(last.reason()).as("seed %d", seed).isNotBlank();
        assertThat(out.reports.subList(0, out.reports.size() - 1)).as("seed %d", seed)
                .allMatch(r -> r.state() == IngestionState.ACCEPTED);
        if (outcome.state() != IngestionState.COMPLETED) {
            assertThat(out.reports).as("seed %d", seed).hasSize(1);
            assertThat(out.rows).as("seed %d", seed).isEmpty();
            assertThat(out.statuses).as("seed %d", seed).isEmpty();
            return;
        }
        Set<Long> numbers = new HashSet<>();
        out.rows.forEach(r -> numbers.add(r.rowNumber()));
        out.statuses.forEach(s -> numbers.add(Long.parseLong(s.messageId().substring(s.messageId().lastIndexOf('-') + 1))));
        assertThat(numbers).as("seed %d: every row once, as a row or a status", seed)
                .hasSize(out.rows.size() + out.statuses.size())
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, last.rows()).boxed().toList());
        assertThat(last.invalidRows()).as("seed %d", seed).isEqualTo(out.statuses.size());
        assertThat(out.rows).as("seed %d", seed).extracting(Row::phone).allMatch(p -> p.matches("[1-9][0-9]{6,14}"));
        assertThat(out.statuses).as("seed %d", seed).allMatch(s -> s.statusCode() >= 800 && s.statusCode() < 900 && s.isFinal());
    }

    private FileArrived arrived(byte[] content) throws IOException {
        Path path = Files.createTempFile(store, "f", ".csv");
        Files.write(path, content);
        return new FileArrived("f", "c1", "f.csv", path.toString(), content.length, "sha", Protocol.SFTP, NOW);
    }
}
