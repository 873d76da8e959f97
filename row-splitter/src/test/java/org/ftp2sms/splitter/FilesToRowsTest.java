package org.ftp2sms.splitter;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ftp2sms.contract.FileArrived;
import org.ftp2sms.contract.FileDigest;
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
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.service.worker.ClientSpec;
import org.ftp2sms.service.worker.RecordHook;
import org.ftp2sms.service.worker.Supervision;
import org.ftp2sms.service.worker.TransactionLimits;
import org.ftp2sms.service.worker.TransactionalWorker;
import org.ftp2sms.testkit.GatedPause;
import org.ftp2sms.testkit.MockKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/** The row splitter's logic without a broker: file arrivals in; rows, statuses, reports, digests out, on {@link MockKafka}. */
class FilesToRowsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant RECEIVED = Instant.parse("2026-03-02T10:15:00Z");
    private static final String CONNECTOR = "c1";

    @TempDir
    Path store;

    private final MockKafka kafka = new MockKafka();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Connector connector = new Connector(
            CONNECTOR,
            "test",
            "ACME",
            new Mapping("phone", "BE"),
            "Hello {{ first_name }}",
            SendingOptions.defaults(),
            null,
            null,
            RECEIVED,
            RECEIVED);
    private TransactionalWorker worker;

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.close();
        }
    }

    private void start(FileSplitter splitter, Supervision supervision) {
        FilesToRows.Views views = new FilesToRows.Views() {
            @Override
            public Optional<Connector> connector(String connectorId) {
                return connectorId.equals(CONNECTOR) ? Optional.of(connector) : Optional.empty();
            }

            @Override
            public Optional<FileDigest> digest(String key) {
                return Optional.empty();
            }

            @Override
            public void awaitDigests(int partition, long offset, Duration timeout) {}
        };
        ClientSpec spec = new ClientSpec(
                KafkaSettings.of("unused:9092"),
                List.of(Topics.FILE_ARRIVALS),
                "splitter",
                "splitter-1",
                "splitter-tx",
                Map.of(),
                Map.of());
        worker = new TransactionalWorker(
                "row-splitter",
                "splitter",
                spec,
                kafka,
                TransactionLimits.perRecord(),
                new FilesToRows(splitter, views, registry, () -> false),
                supervision,
                registry);
        worker.start(WAIT);
    }

    private static FileSplitter splitter(int maxRows) {
        return new FileSplitter(maxRows, 1_000_000, Clock.systemUTC());
    }

    private FileArrived arrive(String id, String content) throws IOException {
        Path path = store.resolve(id);
        Files.writeString(path, content, StandardCharsets.UTF_8);
        FileArrived file = new FileArrived(
                id,
                CONNECTOR,
                id + ".csv",
                path.toAbsolutePath().toString(),
                Files.size(path),
                "sha-" + id,
                Protocol.SFTP,
                RECEIVED);
        kafka.append(
                Topics.FILE_ARRIVALS,
                CONNECTOR,
                JsonSerde.of(FileArrived.class).serializer().serialize(Topics.FILE_ARRIVALS, file));
        return file;
    }

    private <T> List<T> values(String topic, Class<T> type) {
        return kafka.output(topic).stream()
                .map(r -> JsonSerde.of(type).deserializer().deserialize(topic, r.value()))
                .toList();
    }

    @Test
    void aFileBecomesRowsStatusesReportsAndADigestInOneTransactionThenItsStoredCopyGoes() throws IOException {
        FileArrived file = arrive("f1", "phone;first_name\n0476123456;ann\ngarbage;bob\n");
        start(splitter(100), Supervision.DEFAULT);

        await().atMost(WAIT).until(() -> kafka.committed(Topics.FILE_ARRIVALS, 0) == 1);
        assertThat(values(Topics.ROWS, Row.class))
                .extracting(Row::rowNumber, Row::phone)
                .containsExactly(tuple(1L, "32476123456"));
        assertThat(values(Topics.STATUSES, Status.class))
                .extracting(Status::messageId, Status::statusCode)
                .containsExactly(tuple("f1-2", 821));
        assertThat(values(Topics.INGESTIONS, IngestionReport.class))
                .extracting(IngestionReport::state)
                .containsExactly(IngestionState.ACCEPTED, IngestionState.COMPLETED);
        assertThat(values(Topics.FILE_DIGESTS, FileDigest.class))
                .extracting(FileDigest::fileIngestionId)
                .containsExactly("f1");
        assertThat(kafka.producer().commitCount()).isEqualTo(1);
        await().atMost(WAIT).until(() -> !Files.exists(Path.of(file.storedPath())));
    }

    @Test
    void aFileRefusedPartWayKeepsNoneOfItsRowsOnlyItsRejectedReport() throws IOException {
        arrive("f2", "phone;first_name\n0476123456;ann\n0476654321;bob\n0476111111;cy\n");
        start(splitter(2), Supervision.DEFAULT);

        await().atMost(WAIT).until(() -> kafka.committed(Topics.FILE_ARRIVALS, 0) == 1);
        assertThat(kafka.output(Topics.ROWS)).isEmpty();
        assertThat(values(Topics.INGESTIONS, IngestionReport.class))
                .singleElement()
                .satisfies(r -> assertThat(r.state()).isEqualTo(IngestionState.REJECTED));
    }

    @Test
    void anUnreadableArrivalIsKeptOnTheDeadLetterTopic() {
        kafka.append(Topics.FILE_ARRIVALS, CONNECTOR, "{oops".getBytes(StandardCharsets.UTF_8));
        start(splitter(100), Supervision.DEFAULT);

        await().atMost(WAIT).until(() -> kafka.committed(Topics.FILE_ARRIVALS, 0) == 1);
        assertThat(kafka.output(Topics.DEAD_LETTERS)).hasSize(1);
        assertThat(kafka.output(Topics.INGESTIONS)).isEmpty();
    }

    @Test
    void aFileTheStageFailsOnEveryTimeIsRejectedAfterNAttemptsAndTheNextFileGoesOn() throws IOException {
        FileArrived poison = arrive("poison", "phone;first_name\n0476123456;ann\n");
        arrive("next", "phone;first_name\n0476654321;bob\n");
        GatedPause pause = GatedPause.open();
        RecordHook failing = record -> {
            if (new String(record.value(), StandardCharsets.UTF_8).contains("\"poison\"")) {
                throw new IllegalStateException("always");
            }
        };
        start(splitter(100), Supervision.DEFAULT.withPause(pause).withHook(failing));

        await().atMost(WAIT).until(() -> kafka.committed(Topics.FILE_ARRIVALS, 0) == 2);
        assertThat(values(Topics.INGESTIONS, IngestionReport.class))
                .extracting(IngestionReport::fileIngestionId, IngestionReport::state)
                .containsExactly(
                        tuple("poison", IngestionState.REJECTED),
                        tuple("next", IngestionState.ACCEPTED),
                        tuple("next", IngestionState.COMPLETED));
        assertThat(values(Topics.INGESTIONS, IngestionReport.class).get(0).reason())
                .contains("internal error")
                .doesNotContain("IllegalStateException");
        assertThat(values(Topics.ROWS, Row.class))
                .extracting(Row::fileIngestionId)
                .containsExactly("next");
        assertThat(pause.delays()).hasSize(Supervision.ATTEMPTS_BEFORE_REFUSING);
        await().atMost(WAIT).until(() -> !Files.exists(Path.of(poison.storedPath())));
    }

    @Test
    void aStoredFileTheStorageCannotReadIsRetriedNeverRejected() throws IOException {
        arrive("f3", "phone;first_name\n0476123456;ann\n");
        AtomicInteger opens = new AtomicInteger();
        FileSplitter flaky = new FileSplitter(100, 1_000_000, Clock.systemUTC(), path -> {
            if (opens.incrementAndGet() <= 4) {
                throw new IOException("volume unavailable");
            }
            return Files.newInputStream(path);
        });
        GatedPause pause = GatedPause.open();
        start(flaky, Supervision.DEFAULT.withPause(pause));

        await().atMost(WAIT).until(() -> kafka.committed(Topics.FILE_ARRIVALS, 0) == 1);
        assertThat(values(Topics.INGESTIONS, IngestionReport.class))
                .extracting(IngestionReport::state)
                .containsExactly(IngestionState.ACCEPTED, IngestionState.COMPLETED);
        assertThat(pause.delays()).hasSize(4);
        assertThat(kafka.consumersCreated())
                .as("a storage outage is no failure of the worker")
                .isEqualTo(1);
        assertThat(registry.counter("ftp2sms.splitter.retries", "cause", "storage")
                        .count())
                .isEqualTo(4);
    }
}
