package org.ftp2sms.splitter;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ftp2sms.contract.FileArrived;
import org.ftp2sms.contract.FileIngestionIds;
import org.ftp2sms.contract.IngestionReport;
import org.ftp2sms.contract.IngestionState;
import org.ftp2sms.contract.Protocol;
import org.ftp2sms.contract.RecipientKey;
import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.Mapping;
import org.ftp2sms.contract.connector.SendingOptions;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

@ExtendWith(KafkaBrokerExtension.class)
class RowSplitterStageTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant RECEIVED = Instant.parse("2026-03-02T10:15:00Z");

    private final TestKafka kafka;
    private final Path store;

    RowSplitterStageTest(TestKafka kafka, @TempDir Path store) {
        this.kafka = kafka;
        this.store = store;
    }

    @Test
    void splitsAFileIntoRowsStatusesAndReportsThenDeletesIt() throws IOException {
        String connectorId = TestKafka.unique("splitter-ok");
        // The topics hold other tests' rows (200 000 of them after CrashRecoveryTest): read from here on only.
        Map<TopicPartition, Long> rowsBefore = CommittedKeys.ends(kafka.settings(), Topics.ROWS);
        Map<TopicPartition, Long> statusesBefore = CommittedKeys.ends(kafka.settings(), Topics.STATUSES);
        publishConnector(connectorId);
        FileArrived file = storeFile(connectorId, "spring.csv", "phone;first_name;code\r\n"
                + "0476123456;ann;A1\r\n"
                + "+32 476 65 43 21;bob;B2\r\n"
                + "garbage;cy;C3\r\n"
                + ";dan;D4\r\n"
                + "0476111111;eve\r\n"
                + "0476 22 22 22;\"fay; the \"\"second\"\"\";F6\r\n");

        try (RowSplitterStage stage = startStage(RowSplitterSettings.DEFAULT_MAX_ROWS)) {
            publish(file);
            List<IngestionReport> reports = awaitReports(file, 2);
            assertThat(reports).extracting(IngestionReport::state, IngestionReport::rows, IngestionReport::invalidRows)
                    .containsExactly(tuple(IngestionState.ACCEPTED, 0L, 0L), tuple(IngestionState.COMPLETED, 6L, 3L));
            assertThat(reports.get(0).reason()).contains("delimiter ';'").contains("phone, first_name, code");
            assertThat(stage.isHealthy()).isTrue();

            Map<String, Row> rowsByKey = keyed(Topics.ROWS, Row.class, file.fileIngestionId(), rowsBefore);
            assertThat(rowsByKey).containsOnlyKeys(RecipientKey.of(connectorId, "32476123456"),
                    RecipientKey.of(connectorId, "32476654321"), RecipientKey.of(connectorId, "32476222222"));
            Row ann = rowsByKey.get(RecipientKey.of(connectorId, "32476123456"));
            assertThat(ann).isEqualTo(new Row(file.fileIngestionId(), connectorId, 1, "32476123456",
                    Map.of("phone", "0476123456", "first_name", "ann", "code", "A1"), RECEIVED));
            assertThat(rowsByKey.get(RecipientKey.of(connectorId, "32476222222")).columns())
                    .containsEntry("first_name", "fay; the \"second\"");
            assertThat(rowsByKey.get(RecipientKey.of(connectorId, "32476222222")).rowNumber()).isEqualTo(6);

            Map<String, Status> statuses = keyed(Topics.STATUSES, Status.class, file.fileIngestionId(), statusesBefore);
            assertThat(statuses.values()).extracting(Status::messageId, Status::statusCode, Status::isFinal)
                    .containsExactlyInAnyOrder(
                            tuple(file.fileIngestionId() + "-3", 821, true),
                            tuple(file.fileIngestionId() + "-4", 820, true),
                            tuple(file.fileIngestionId() + "-5", 822, true));
            assertThat(statuses).containsKey(file.fileIngestionId() + "-3");

            await().atMost(WAIT).until(() -> !Files.exists(Path.of(file.storedPath())));
        }
    }

    @Test
    void theSameContentTwiceWithinTheWindowIsSentOnceAcrossInstancesAndRestarts() throws IOException {
        String connectorId = TestKafka.unique("splitter-repeat");
        Map<TopicPartition, Long> rowsBefore = CommittedKeys.ends(kafka.settings(), Topics.ROWS);
        publishConnector(connectorId, SendingOptions.defaults());
        String content = "phone;first_name\n0476123456;ann\n0476654321;bob\n";
        FileArrived first = storeFile(connectorId, "monday.csv", content, "same-digest", RECEIVED);
        FileArrived second = storeFile(connectorId, "monday-again.csv", content, "same-digest", RECEIVED.plus(Duration.ofHours(23)));
        FileArrived later = storeFile(connectorId, "next-week.csv", content, "same-digest", RECEIVED.plus(Duration.ofDays(7)));

        try (RowSplitterStage stage = startStage(RowSplitterSettings.DEFAULT_MAX_ROWS)) {
            publish(first);
            assertThat(awaitReports(first, 2)).last().extracting(IngestionReport::state).isEqualTo(IngestionState.COMPLETED);
        }
        // Another instance (a restart elsewhere, nothing kept in memory) sees what the first one processed.
        try (RowSplitterStage stage = startStage(RowSplitterSettings.DEFAULT_MAX_ROWS)) {
            publish(second);
            publish(later);
            List<IngestionReport> repeat = awaitReports(second, 1);
            assertThat(repeat).extracting(IngestionReport::state).containsExactly(IngestionState.IGNORED);
            assertThat(repeat.get(0).fileName()).isEqualTo("monday-again.csv");
            assertThat(repeat.get(0).reason()).contains("the same content as monday.csv", first.fileIngestionId(),
                    "received 2026-03-02T10:15:00Z", "repeatedFileWindow (PT24H)", "not sent again");
            assertThat(awaitReports(later, 2)).last().extracting(IngestionReport::state).isEqualTo(IngestionState.COMPLETED);
            await().atMost(WAIT).until(() -> !Files.exists(Path.of(second.storedPath())));
        }
        Map<String, Long> rowsPerFile = new HashMap<>();
        for (String id : List.of(first.fileIngestionId(), second.fileIngestionId(), later.fileIngestionId())) {
            rowsPerFile.put(id, (long) keyed(Topics.ROWS, Row.class, id, rowsBefore).size());
        }
        assertThat(rowsPerFile).containsExactlyInAnyOrderEntriesOf(Map.of(first.fileIngestionId(), 2L,
                second.fileIngestionId(), 0L, later.fileIngestionId(), 2L));
    }

    @Test
    void withTheRepeatedFileWindowOffTheSameContentIsSentAgain() throws IOException {
        String connectorId = TestKafka.unique("splitter-repeat-off");
        publishConnector(connectorId, new SendingOptions(3, true, 0, null, null, null, Duration.ZERO));
        String content = "phone\n0476123456\n";
        FileArrived first = storeFile(connectorId, "a.csv", content, "digest-off", RECEIVED);
        FileArrived second = storeFile(connectorId, "b.csv", content, "digest-off", RECEIVED.plusSeconds(60));

        try (RowSplitterStage stage = startStage(RowSplitterSettings.DEFAULT_MAX_ROWS)) {
            publish(first);
            publish(second);
            assertThat(awaitReports(first, 2)).last().extracting(IngestionReport::state).isEqualTo(IngestionState.COMPLETED);
            assertThat(awaitReports(second, 2)).last().extracting(IngestionReport::state).isEqualTo(IngestionState.COMPLETED);
        }
    }

    @Test
    void aDryRunEndsDryRunAndLeavesNoDigestSoTheSameFileSentForRealIsProcessed() throws IOException {
        String connectorId = TestKafka.unique("splitter-dry-run");
        publishConnector(connectorId, SendingOptions.defaults());
        String content = "phone\n0476123456\nnope\n";
        FileArrived stored = storeFile(connectorId, "promo.csv", content, "digest-dry-run", RECEIVED);
        FileArrived preview = new FileArrived(FileIngestionIds.DRY_RUN_PREFIX + stored.fileIngestionId(), connectorId,
                "promo.csv", stored.storedPath(), stored.sizeBytes(), stored.sha256(), Protocol.SFTP, RECEIVED);
        FileArrived real = storeFile(connectorId, "promo.csv", content, "digest-dry-run", RECEIVED.plusSeconds(60));

        try (RowSplitterStage stage = startStage(RowSplitterSettings.DEFAULT_MAX_ROWS)) {
            publish(preview);
            assertThat(awaitReports(preview, 2)).last().satisfies(r -> {
                assertThat(r.state()).isEqualTo(IngestionState.DRY_RUN);
                assertThat(r.reason()).startsWith("dry run, nothing will be sent: 1 row published, 1 refused");
                assertThat(r.rows()).isEqualTo(2);
            });
            publish(real);
            assertThat(awaitReports(real, 2)).last().extracting(IngestionReport::state).isEqualTo(IngestionState.COMPLETED);
        }
    }

    @Test
    void refusedFilesGetOneReportAndNoRowAndTheStageGoesOn() throws IOException {
        String connectorId = TestKafka.unique("splitter-refused");
        Map<TopicPartition, Long> rowsBefore = CommittedKeys.ends(kafka.settings(), Topics.ROWS);
        publishConnector(connectorId);
        FileArrived noPhone = storeFile(connectorId, "no-phone.csv", "mobile,name\n0476123456,ann\n");
        FileArrived badHeader = storeFile(connectorId, "bad-header.csv", "phone,first name\n0476123456,ann\n");
        FileArrived tooMany = storeFile(connectorId, "too-many.csv", "phone\n0476000001\n0476000002\n0476000003\n0476000004\n");
        FileArrived unknownConnector = storeFile(TestKafka.unique("deleted"), "orphan.csv", "phone\n0476123456\n");
        FileArrived missing = new FileArrived(TestKafka.unique("file"), connectorId, "gone.csv",
                store.resolve("never-stored.csv").toString(), 10, "x", Protocol.SFTP, RECEIVED);
        FileArrived fine = storeFile(connectorId, "fine.csv", "phone\n0476123456\n");

        try (RowSplitterStage stage = startStage(3)) {
            for (FileArrived file : List.of(noPhone, badHeader, tooMany, unknownConnector, missing, fine)) {
                publish(file);
            }
            assertThat(awaitReports(fine, 2)).extracting(IngestionReport::state)
                    .containsExactly(IngestionState.ACCEPTED, IngestionState.COMPLETED);

            assertOnlyReport(noPhone, IngestionState.IGNORED, "no column \"phone\"");
            assertOnlyReport(badHeader, IngestionState.REJECTED, "column 2 \"first name\"");
            assertOnlyReport(tooMany, IngestionState.REJECTED, "more than 3 data rows");
            assertOnlyReport(unknownConnector, IngestionState.REJECTED, "no longer exists");
            // The refused files' phones are the fine file's or other ones of the same connector: one key in all.
            assertThat(CommittedKeys.since(kafka.settings(), Topics.ROWS, rowsBefore, k -> k.startsWith(connectorId + ":")))
                    .containsExactly(RecipientKey.of(connectorId, "32476123456"));
            assertThat(CommittedKeys.since(kafka.settings(), Topics.ROWS, rowsBefore,
                    k -> k.startsWith(unknownConnector.connectorId() + ":"))).isEmpty();
            for (FileArrived file : List.of(noPhone, badHeader, tooMany, unknownConnector)) {
                assertThat(Path.of(file.storedPath())).doesNotExist();
            }
            // A stored file that is gone is a replay of a processed file: skipped, no report overwrites the real one.
            assertThat(kafka.valuesNow(Topics.INGESTIONS, IngestionReport.class,
                    r -> r.fileIngestionId().equals(missing.fileIngestionId()))).isEmpty();
            assertThat(stage.isHealthy()).isTrue();
        }
    }

    @Test
    void aStoredFileTheStorageCannotReadIsRetriedUntilReadableNeverRejected() throws IOException {
        String connectorId = TestKafka.unique("splitter-storage");
        publishConnector(connectorId);
        String id = TestKafka.unique("file");
        Path path = store.resolve(id);
        // A directory in place of the file: it exists, but reading it fails as a failing shared volume would.
        Files.createDirectory(path);
        FileArrived file = new FileArrived(id, connectorId, "later.csv", path.toAbsolutePath().toString(), 22, "sha-" + id,
                Protocol.SFTP, RECEIVED);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        try (RowSplitterStage stage = startStage(RowSplitterSettings.DEFAULT_MAX_ROWS, registry)) {
            publish(file);
            await().atMost(WAIT).until(() -> registry.counter("ftp2sms.splitter.retries", "cause", "storage").count() >= 2);
            assertThat(path).isDirectory();
            assertThat(stage.isHealthy()).isTrue();

            Files.delete(path);
            Files.writeString(path, "phone\n0476123456\n", StandardCharsets.UTF_8);
            assertThat(awaitReports(file, 2)).extracting(IngestionReport::state)
                    .containsExactly(IngestionState.ACCEPTED, IngestionState.COMPLETED);
            assertThat(kafka.valuesNow(Topics.INGESTIONS, IngestionReport.class,
                    r -> r.fileIngestionId().equals(id))).extracting(IngestionReport::state)
                    .doesNotContain(IngestionState.REJECTED);
        }
    }

    @Test
    void closeIsIdempotentAndMakesTheStageUnhealthy() {
        RowSplitterStage stage = startStage(10);
        stage.close();
        stage.close();
        assertThat(stage.isHealthy()).isFalse();
    }

    private void assertOnlyReport(FileArrived file, IngestionState state, String reasonPart) {
        // Files of other connectors sit on other partitions: they may still be in progress (the unknown connector is
        // waited for a few seconds) when the last file of this partition is done.
        awaitReports(file, 1);
        List<IngestionReport> reports = kafka.valuesNow(Topics.INGESTIONS, IngestionReport.class,
                r -> r.fileIngestionId().equals(file.fileIngestionId()));
        assertThat(reports).extracting(IngestionReport::state).containsExactly(state);
        assertThat(reports.get(0).reason()).contains(reasonPart);
    }

    private RowSplitterStage startStage(int maxRows) {
        return startStage(maxRows, new SimpleMeterRegistry());
    }

    private RowSplitterStage startStage(int maxRows, SimpleMeterRegistry registry) {
        RowSplitterSettings settings = new RowSplitterSettings(kafka.settings(), TestKafka.unique("splitter"), maxRows,
                RowSplitterSettings.DEFAULT_MAX_BYTES, TestKafka.unique("splitter-group"));
        RowSplitterStage stage = new RowSplitterStage(settings, registry);
        stage.start();
        return stage;
    }

    private List<IngestionReport> awaitReports(FileArrived file, int count) {
        return kafka.awaitValues(Topics.INGESTIONS, IngestionReport.class,
                r -> r.fileIngestionId().equals(file.fileIngestionId()), count, WAIT);
    }

    private void publishConnector(String connectorId) {
        publishConnector(connectorId, SendingOptions.defaults());
    }

    private void publishConnector(String connectorId, SendingOptions options) {
        Connector connector = new Connector(connectorId, "test", "ACME", new Mapping("phone", "BE"),
                "Hello {{ first_name }}", options, null, null, RECEIVED, RECEIVED);
        send(Topics.CONNECTORS, connectorId, JsonSerde.of(Connector.class).serializer().serialize(Topics.CONNECTORS, connector));
    }

    private void publish(FileArrived file) {
        send(Topics.FILE_ARRIVALS, file.connectorId(), JsonSerde.of(FileArrived.class).serializer().serialize(Topics.FILE_ARRIVALS, file));
    }

    private void send(String topic, String key, byte[] value) {
        try (var producer = new KafkaProducer<>(kafka.settings().producer(TestKafka.unique("test")),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value));
        }
    }

    private FileArrived storeFile(String connectorId, String name, String content) throws IOException {
        return storeFile(connectorId, name, content, null, RECEIVED);
    }

    /** A stored file as the gateway announces it; {@code sha256} null gives each file a digest of its own. */
    private FileArrived storeFile(String connectorId, String name, String content, String sha256, Instant receivedAt) throws IOException {
        String id = TestKafka.unique("file");
        Path path = store.resolve(id);
        Files.writeString(path, content, StandardCharsets.UTF_8);
        return new FileArrived(id, connectorId, name, path.toAbsolutePath().toString(), Files.size(path),
                sha256 == null ? "sha-" + id : sha256, Protocol.SFTP, receivedAt);
    }

    /** Committed values of one file on {@code topic} from {@code start}, by record key. */
    private <T> Map<String, T> keyed(String topic, Class<T> type, String fileIngestionId, Map<TopicPartition, Long> start) {
        Map<String, T> byKey = new HashMap<>();
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(kafka.settings().viewer(TestKafka.unique("keys")),
                new StringDeserializer(), JsonSerde.of(type).deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            start.forEach(consumer::seek);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, T> record : consumer.poll(Duration.ofMillis(100))) {
                    String json = new String(JsonSerde.of(type).serializer().serialize(topic, record.value()), StandardCharsets.UTF_8);
                    if (json.contains("\"fileIngestionId\":\"" + fileIngestionId + "\"")) {
                        byKey.put(record.key(), record.value());
                    }
                }
            }
        }
        return byKey;
    }
}
