package org.ftp2sms.splitter;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ftp2sms.contract.FileArrived;
import org.ftp2sms.contract.IngestionReport;
import org.ftp2sms.contract.IngestionState;
import org.ftp2sms.contract.Protocol;
import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.Mapping;
import org.ftp2sms.contract.connector.SendingOptions;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.service.worker.KafkaClients;
import org.ftp2sms.service.worker.Supervision;
import org.ftp2sms.testkit.GatedPause;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The row splitter on the real broker meets a failure of its handler once: unhealthy, back by itself, exactly once. */
@ExtendWith(KafkaBrokerExtension.class)
class RowSplitterRecoveryTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant RECEIVED = Instant.parse("2026-03-02T10:15:00Z");

    @TempDir
    Path store;

    @Test
    void aHandlerThatThrowsOnceMakesTheStageUnhealthyUntilItRecoversAndEveryFileIsSplitOnce(TestKafka kafka)
            throws Exception {
        String connectorId = TestKafka.unique("splitter-recovering");
        FileArrived first = store(connectorId, "first.csv", "phone;first_name\n0476123456;ann\n0476654321;bob\n");
        FileArrived second = store(connectorId, "second.csv", "phone;first_name\n0476111111;cy\n");
        GatedPause pause = GatedPause.closed();
        AtomicBoolean thrown = new AtomicBoolean();
        Supervision throwOnce = Supervision.DEFAULT.withPause(pause).withHook(record -> {
            if (new String(record.value(), StandardCharsets.UTF_8).contains(second.fileIngestionId())
                    && thrown.compareAndSet(false, true)) {
                throw new IllegalStateException("injected once");
            }
        });
        RowSplitterSettings settings = new RowSplitterSettings(
                kafka.settings(),
                TestKafka.unique("recovery"),
                RowSplitterSettings.DEFAULT_MAX_ROWS,
                RowSplitterSettings.DEFAULT_MAX_BYTES,
                TestKafka.unique("splitter"));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                        kafka.settings().producer("splitter-recovery"),
                        new StringSerializer(),
                        new ByteArraySerializer());
                RowSplitterStage stage = new RowSplitterStage(
                        settings, new SimpleMeterRegistry(), Clock.systemUTC(), KafkaClients.REAL, throwOnce)) {
            Connector connector = new Connector(
                    connectorId,
                    "test",
                    "ACME",
                    new Mapping("phone", "BE"),
                    "Hello {{ first_name }}",
                    SendingOptions.defaults(),
                    null,
                    null,
                    RECEIVED,
                    RECEIVED);
            producer.send(new ProducerRecord<>(
                            Topics.CONNECTORS,
                            connectorId,
                            JsonSerde.of(Connector.class).serializer().serialize(Topics.CONNECTORS, connector)))
                    .get();
            stage.start();
            for (FileArrived file : new FileArrived[] {first, second}) {
                producer.send(new ProducerRecord<>(
                                Topics.FILE_ARRIVALS,
                                connectorId,
                                JsonSerde.of(FileArrived.class).serializer().serialize(Topics.FILE_ARRIVALS, file)))
                        .get();
            }

            await().atMost(WAIT).until(pause::isHolding);
            assertThat(stage.isHealthy()).as("recovering: not ready").isFalse();
            assertThat(stage.isAlive()).as("restarting itself: alive").isTrue();

            pause.release();
            kafka.awaitValues(
                    Topics.INGESTIONS,
                    IngestionReport.class,
                    r -> r.fileIngestionId().equals(second.fileIngestionId()) && r.state() == IngestionState.COMPLETED,
                    1,
                    WAIT);
            for (FileArrived file : new FileArrived[] {first, second}) {
                assertThat(kafka.valuesNow(
                                Topics.INGESTIONS,
                                IngestionReport.class,
                                r -> r.fileIngestionId().equals(file.fileIngestionId())))
                        .extracting(IngestionReport::state)
                        .containsExactly(IngestionState.ACCEPTED, IngestionState.COMPLETED);
            }
            assertThat(kafka.valuesNow(
                            Topics.ROWS, Row.class, r -> r.connectorId().equals(connectorId)))
                    .extracting(r -> r.fileIngestionId() + "-" + r.rowNumber())
                    .containsExactlyInAnyOrder(
                            first.fileIngestionId() + "-1",
                            first.fileIngestionId() + "-2",
                            second.fileIngestionId() + "-1");
            await().atMost(WAIT).until(stage::isHealthy);
        }
    }

    private FileArrived store(String connectorId, String name, String content) throws Exception {
        String id = TestKafka.unique("file");
        Path path = store.resolve(id);
        Files.writeString(path, content, StandardCharsets.UTF_8);
        return new FileArrived(
                id,
                connectorId,
                name,
                path.toAbsolutePath().toString(),
                Files.size(path),
                "sha-" + id,
                Protocol.SFTP,
                RECEIVED);
    }
}
