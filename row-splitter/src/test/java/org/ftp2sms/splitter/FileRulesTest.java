package org.ftp2sms.splitter;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ftp2sms.contract.FileArrived;
import org.ftp2sms.contract.IngestionReport;
import org.ftp2sms.contract.IngestionState;
import org.ftp2sms.contract.Protocol;
import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.Mapping;
import org.ftp2sms.contract.connector.SendingOptions;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * One test per file rule of issue 6, each with the file that breaks it, through the running stage on the real
 * broker: the report a person reads, and nothing else published for that file (no row, no status, no other report),
 * read as a read_committed consumer would. The limits are set low here (5 rows, 2 000 bytes) so the files stay
 * small; they are the same code path as the defaults (200 000 rows, 20 MB).
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FileRulesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant RECEIVED = Instant.parse("2026-03-02T10:15:00Z");
    private static final int MAX_ROWS = 5;
    private static final long MAX_BYTES = 2_000;

    private final TestKafka kafka;
    private final Path store;
    private RowSplitterStage stage;

    FileRulesTest(TestKafka kafka, @TempDir Path store) {
        this.kafka = kafka;
        this.store = store;
    }

    @BeforeAll
    void startStage() {
        stage = new RowSplitterStage(new RowSplitterSettings(kafka.settings(), TestKafka.unique("rules"), MAX_ROWS, MAX_BYTES,
                TestKafka.unique("rules-group")), new SimpleMeterRegistry());
        stage.start();
    }

    @AfterAll
    void stopStage() {
        stage.close();
    }

    @Test
    void emptyFileIsRejected() throws IOException {
        assertOnlyReport(split(new byte[0]), IngestionState.REJECTED, "the file is empty");
    }

    @Test
    void fileWithoutHeaderIsRejected() throws IOException {
        assertOnlyReport(split(utf8("\r\n\r\n  \n")), IngestionState.REJECTED, "no header line");
    }

    @Test
    void binaryFileIsRejected() throws IOException {
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 8, 0, 8, 0, (byte) 0x9C, 0x5A, 0, 0, 0, 0, 'p', 'h', 'o', 'n', 'e', '.', 'c', 's', 'v'};
        assertOnlyReport(split(zip), IngestionState.REJECTED, "not text (it holds binary content)");
    }

    @Test
    void columnNameWithOtherCharactersIsRejected() throws IOException {
        assertOnlyReport(split(utf8("phone;first name;e-mail\n0476123456;Ann;a@b.c\n")), IngestionState.REJECTED,
                "the header is refused: column 2 \"first name\" has characters other than letters, digits and _; column 3 \"e-mail\"");
    }

    @Test
    void repeatedColumnNameIsRejected() throws IOException {
        assertOnlyReport(split(utf8("phone,name,name\n0476123456,Ann,Bob\n")), IngestionState.REJECTED,
                "column 3 \"name\" repeats column 2");
    }

    @Test
    void fileWithoutThePhoneColumnIsIgnored() throws IOException {
        assertOnlyReport(split(utf8("mobile,name\n0476123456,Ann\n")), IngestionState.IGNORED,
                "the file has no column \"phone\" (the connector's phone column); its columns are mobile, name");
    }

    @Test
    void fileWithMoreRowsThanAllowedIsRejectedAndItsFirstRowsAreNotPublished() throws IOException {
        Upload upload = split(utf8("phone\n0476000001\n0476000002\n0476000003\n0476000004\n0476000005\n0476000006\n"));
        assertOnlyReport(upload, IngestionState.REJECTED, "the file has more than 5 data rows");
    }

    @Test
    void fileLargerThanAllowedIsRejected() throws IOException {
        String content = "phone,note\n0476123456," + "x".repeat(2_000) + "\n";
        assertOnlyReport(split(utf8(content)), IngestionState.REJECTED, "the file is 2023 bytes, more than the 2000 bytes allowed");
    }

    @Test
    void rowWithAnotherFieldCountIsRefusedWith822AndTheOthersGoOn() throws IOException {
        Upload upload = split(utf8("phone,name\n0476000001,Ann\n0476000002,Bob,extra\n0476000003\n0476000004,Dan\n"));
        List<IngestionReport> reports = reports(upload);
        assertThat(reports).extracting(IngestionReport::state, IngestionReport::rows, IngestionReport::invalidRows)
                .containsExactly(tuple(IngestionState.ACCEPTED, 0L, 0L), tuple(IngestionState.COMPLETED, 4L, 2L));
        assertThat(reports.get(1).reason()).isEqualTo("2 rows published, 2 refused: 2 822-malformed-row (see the statuses)");
        List<Status> statuses = CommittedKeys.valuesSince(kafka.settings(), Topics.STATUSES, Status.class, upload.statusesBefore(), s -> upload.id().equals(s.fileIngestionId()), 2, WAIT);
        assertThat(statuses).extracting(Status::messageId, Status::statusCode, Status::statusReason, Status::phone)
                .containsExactlyInAnyOrder(tuple(upload.id() + "-2", 822, "822-malformed-row", "0476000002"),
                        tuple(upload.id() + "-3", 822, "822-malformed-row", "0476000003"));
        List<Row> rows = CommittedKeys.valuesSince(kafka.settings(), Topics.ROWS, Row.class, upload.rowsBefore(), r -> upload.id().equals(r.fileIngestionId()), 2, WAIT);
        assertThat(rows).extracting(Row::rowNumber, Row::phone, Row::columns).containsExactlyInAnyOrder(
                tuple(1L, "32476000001", Map.of("phone", "0476000001", "name", "Ann")),
                tuple(4L, "32476000004", Map.of("phone", "0476000004", "name", "Dan")));
        assertNothingElse(upload, 2, 2);
    }

    @Test
    void aFileCutOffMidRowIsRejectedWholeAndNothingIsSent() throws IOException {
        Upload upload = split(utf8("phone,name\n0476000001,Ann\n0476000002,Bob\n04760000"));
        assertOnlyReport(upload, IngestionState.REJECTED,
                "the upload looks cut off: its last line (data row 3) has no line break and 1 of 2 fields; nothing was sent");
    }

    @Test
    void aFileCutOffInsideAQuotedFieldIsRejectedWholeAsCutOff() throws IOException {
        Upload upload = split(utf8("phone,name\n0476000001,Ann\n0476000002,\"Bob the"));
        assertOnlyReport(upload, IngestionState.REJECTED, "the upload looks cut off: the file cannot be read after data row 1");
    }

    @Test
    void aCompleteLastLineWithoutLineBreakIsAnOrdinaryRow() throws IOException {
        Upload upload = split(utf8("phone,name\n0476000001,Ann\n0476000002,Bob"));
        assertThat(reports(upload)).last().extracting(IngestionReport::state, IngestionReport::rows)
                .containsExactly(IngestionState.COMPLETED, 2L);
    }

    @Test
    void emptyAndInvalidPhonesGetAStatusNotARow() throws IOException {
        Upload upload = split(utf8("name,phone\nAnn,\nBob,+32 12\nCy,0476-12-34-56\n"));
        assertThat(reports(upload)).last().extracting(IngestionReport::state, IngestionReport::reason)
                .containsExactly(IngestionState.COMPLETED, "1 row published, 2 refused: 1 820-empty-phone, 1 821-invalid-phone (see the statuses)");
        assertThat(CommittedKeys.valuesSince(kafka.settings(), Topics.STATUSES, Status.class, upload.statusesBefore(), s -> upload.id().equals(s.fileIngestionId()), 2, WAIT))
                .extracting(Status::messageId, Status::statusCode)
                .containsExactlyInAnyOrder(tuple(upload.id() + "-1", 820), tuple(upload.id() + "-2", 821));
        assertThat(CommittedKeys.valuesSince(kafka.settings(), Topics.ROWS, Row.class, upload.rowsBefore(), r -> upload.id().equals(r.fileIngestionId()), 1, WAIT))
                .extracting(Row::phone).containsExactly("32476123456");
        assertNothingElse(upload, 1, 2);
    }

    @Test
    void windows1252TabsCrlfAndQuotedFieldsAreDetected() throws IOException {
        String text = "phone\tname\tnote\r\n\"0476 12 34 56\"\tJosé\t\"tab\there, \"\"quoted\"\"\r\nand a new line\"\r\n";
        Upload upload = split(text.getBytes(Charset.forName("windows-1252")));
        List<IngestionReport> reports = reports(upload);
        assertThat(reports.get(0).reason()).isEqualTo("windows-1252, delimiter 'tab', CRLF, 3 columns: phone, name, note");
        assertThat(CommittedKeys.valuesSince(kafka.settings(), Topics.ROWS, Row.class, upload.rowsBefore(), r -> upload.id().equals(r.fileIngestionId()), 1, WAIT))
                .extracting(Row::columns).containsExactly(Map.of("phone", "0476 12 34 56", "name", "José",
                        "note", "tab\there, \"quoted\"\r\nand a new line"));
    }

    /** Random bytes and random CSV through the running stage: each file ends in exactly one final report. */
    @Test
    void randomFilesEachEndInOneFinalReportAndTheStageStaysHealthy() throws IOException {
        List<Upload> uploads = new ArrayList<>();
        for (long seed = 1; seed <= 12; seed++) {
            uploads.add(split(RandomFiles.file(new Random(seed))));
        }
        Set<String> ids = uploads.stream().map(Upload::id).collect(Collectors.toSet());
        kafka.awaitValues(Topics.INGESTIONS, IngestionReport.class,
                r -> ids.contains(r.fileIngestionId()) && r.state() != IngestionState.ACCEPTED, ids.size(), WAIT);
        Map<String, List<IngestionReport>> byFile = kafka.valuesNow(Topics.INGESTIONS, IngestionReport.class,
                r -> ids.contains(r.fileIngestionId())).stream().collect(Collectors.groupingBy(IngestionReport::fileIngestionId));
        assertThat(byFile).hasSize(ids.size());
        for (List<IngestionReport> reports : byFile.values()) {
            assertThat(reports.subList(0, reports.size() - 1)).allMatch(r -> r.state() == IngestionState.ACCEPTED);
            assertThat(reports.get(reports.size() - 1).state()).isIn(IngestionState.COMPLETED, IngestionState.REJECTED, IngestionState.IGNORED);
        }
        assertThat(stage.isHealthy()).isTrue();
    }

    private void assertOnlyReport(Upload upload, IngestionState state, String reasonPart) {
        List<IngestionReport> reports = reports(upload);
        assertThat(reports).extracting(IngestionReport::state).containsExactly(state);
        assertThat(reports.get(0).reason()).contains(reasonPart);
        assertThat(reports.get(0).rows()).isZero();
        assertNothingElse(upload, 0, 0);
    }

    /** Exactly {@code rows} rows and {@code statuses} statuses for the file, no more; and the stored file is gone. */
    private void assertNothingElse(Upload upload, int rows, int statuses) {
        assertThat(CommittedKeys.since(kafka.settings(), Topics.ROWS, upload.rowsBefore(), k -> k.startsWith(upload.connectorId() + ":")))
                .hasSize(rows);
        assertThat(CommittedKeys.since(kafka.settings(), Topics.STATUSES, upload.statusesBefore(), k -> k.startsWith(upload.id() + "-")))
                .hasSize(statuses);
        assertThat(Path.of(upload.file().storedPath())).doesNotExist();
        assertThat(stage.isHealthy()).isTrue();
    }

    /** Every report of the upload, once its final one is committed. */
    private List<IngestionReport> reports(Upload upload) {
        kafka.awaitValues(Topics.INGESTIONS, IngestionReport.class,
                r -> upload.id().equals(r.fileIngestionId()) && r.state() != IngestionState.ACCEPTED, 1, WAIT);
        return kafka.valuesNow(Topics.INGESTIONS, IngestionReport.class, r -> upload.id().equals(r.fileIngestionId()));
    }

    /** Stores {@code content} for a connector of its own and announces it as the gateway would. */
    private Upload split(byte[] content) throws IOException {
        String connectorId = TestKafka.unique("rules");
        Connector connector = new Connector(connectorId, "test", "ACME", new Mapping("phone", "BE"), "Hello",
                SendingOptions.defaults(), null, null, RECEIVED, RECEIVED);
        String id = TestKafka.unique("file");
        Path path = store.resolve(id);
        Files.write(path, content);
        FileArrived file = new FileArrived(id, connectorId, id + ".csv", path.toAbsolutePath().toString(), content.length,
                "sha-" + id, Protocol.SFTP, RECEIVED);
        // Where the topics end before the file: its events can only come after (the topics hold other tests' rows).
        Map<TopicPartition, Long> rowsBefore = CommittedKeys.ends(kafka.settings(), Topics.ROWS);
        Map<TopicPartition, Long> statusesBefore = CommittedKeys.ends(kafka.settings(), Topics.STATUSES);
        try (var producer = new KafkaProducer<>(kafka.settings().producer(TestKafka.unique("rules-test")),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.CONNECTORS, connectorId,
                    JsonSerde.of(Connector.class).serializer().serialize(Topics.CONNECTORS, connector)));
            producer.flush();
            producer.send(new ProducerRecord<>(Topics.FILE_ARRIVALS, connectorId,
                    JsonSerde.of(FileArrived.class).serializer().serialize(Topics.FILE_ARRIVALS, file)));
        }
        return new Upload(id, connectorId, file, rowsBefore, statusesBefore);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private record Upload(String id, String connectorId, FileArrived file, Map<TopicPartition, Long> rowsBefore,
                          Map<TopicPartition, Long> statusesBefore) {
    }
}
