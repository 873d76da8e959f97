package org.ftp2sms.dedupe;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ftp2sms.contract.RecipientKey;
import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

@ExtendWith(KafkaBrokerExtension.class)
class DedupeStageTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void dropsTheDuplicateOfAFileOnTheRealBrokerAndReportsIt(TestKafka kafka, @TempDir Path stateDir) {
        String connectorId = TestKafka.unique("dedupe-it");
        String file = TestKafka.unique("file");
        Instant receivedAt = Instant.parse("2026-03-02T10:15:00Z");
        List<Row> rows = List.of(
                new Row(file, connectorId, 1, "32470000001", Map.of("name", "a"), receivedAt),
                new Row(file, connectorId, 2, "32470000002", Map.of("name", "b"), receivedAt),
                new Row(file, connectorId, 3, "32470000001", Map.of("name", "c"), receivedAt),
                new Row(file, connectorId, 4, "32470000003", Map.of("name", "d"), receivedAt));
        Serializer<Row> serializer = JsonSerde.of(Row.class).serializer();
        try (var producer = new KafkaProducer<>(kafka.settings().producer(TestKafka.unique("rows")),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.CONNECTORS, connectorId, JsonSerde.of(Connector.class).serializer()
                    .serialize(Topics.CONNECTORS, DedupeTopologyTest.connector(connectorId, true, 0))));
            for (Row row : rows) {
                producer.send(new ProducerRecord<>(Topics.ROWS, RecipientKey.of(connectorId, row.phone()),
                        serializer.serialize(Topics.ROWS, row)));
            }
        }

        DedupeSettings settings = new DedupeSettings(kafka.settings(), stateDir, TestKafka.unique("dedupe"));
        try (DedupeStage stage = new DedupeStage(settings, new SimpleMeterRegistry())) {
            stage.start();
            assertThat(stage.isHealthy()).isTrue();

            List<Status> statuses = kafka.awaitValues(Topics.STATUSES, Status.class,
                    s -> connectorId.equals(s.connectorId()), 1, WAIT);
            assertThat(statuses).extracting(Status::messageId, Status::statusCode)
                    .containsExactly(tuple(file + "-3", 810));

            kafka.awaitValues(Topics.ROWS_UNIQUE, Row.class, r -> connectorId.equals(r.connectorId()), 3, WAIT);
            List<Row> unique = kafka.valuesNow(Topics.ROWS_UNIQUE, Row.class, r -> connectorId.equals(r.connectorId()));
            assertThat(unique).extracting(Row::rowNumber).containsExactlyInAnyOrder(1L, 2L, 4L);
        }
    }

    @Test
    void rowsReadBeforeTheirConnectorReachedTheStageWaitForItsOptions(TestKafka kafka, @TempDir Path stateDir) throws Exception {
        String connectorId = TestKafka.unique("dedupe-late-connector");
        String file = TestKafka.unique("file");
        Instant receivedAt = Instant.parse("2026-03-02T10:15:00Z");
        DedupeSettings settings = new DedupeSettings(kafka.settings(), stateDir, TestKafka.unique("dedupe"));
        try (DedupeStage stage = new DedupeStage(settings, new SimpleMeterRegistry());
             var producer = new KafkaProducer<>(kafka.settings().producer(TestKafka.unique("rows")),
                     new StringSerializer(), new ByteArraySerializer())) {
            stage.start();
            Serializer<Row> serializer = JsonSerde.of(Row.class).serializer();
            for (long n = 1; n <= 2; n++) {
                Row row = new Row(file, connectorId, n, "32470000001", Map.of(), receivedAt);
                producer.send(new ProducerRecord<>(Topics.ROWS, RecipientKey.of(connectorId, row.phone()),
                        serializer.serialize(Topics.ROWS, row)));
            }
            producer.flush();
            CommittedRows.waitFor(kafka, settings.applicationId(), WAIT);

            // Within-file off: with the defaults the stage would have refused row 2 as it read it.
            producer.send(new ProducerRecord<>(Topics.CONNECTORS, connectorId, JsonSerde.of(Connector.class).serializer()
                    .serialize(Topics.CONNECTORS, DedupeTopologyTest.connector(connectorId, false, 0)))).get();
            List<Row> unique = kafka.awaitValues(Topics.ROWS_UNIQUE, Row.class, r -> connectorId.equals(r.connectorId()), 2, WAIT);
            assertThat(unique).extracting(Row::rowNumber).containsExactlyInAnyOrder(1L, 2L);
            CommittedRows.waitFor(kafka, settings.applicationId(), WAIT);
            assertThat(kafka.valuesNow(Topics.STATUSES, Status.class, s -> connectorId.equals(s.connectorId()))).isEmpty();
        }
    }

    @Test
    void anInstanceRestartedWithoutItsStateDirRestoresTheRecipientsFromTheChangelog(TestKafka kafka, @TempDir Path dir) {
        String connectorId = TestKafka.unique("dedupe-restart");
        String applicationId = TestKafka.unique("dedupe");
        Instant day0 = Instant.parse("2026-03-02T10:15:00Z");
        List<Row> first = List.of(new Row("r1-" + connectorId, connectorId, 1, "32470000001", Map.of(), day0),
                new Row("r1-" + connectorId, connectorId, 2, "32470000002", Map.of(), day0));
        List<Row> second = List.of(new Row("r2-" + connectorId, connectorId, 1, "32470000001", Map.of(), day0.plus(Duration.ofDays(1))),
                new Row("r2-" + connectorId, connectorId, 2, "32470000003", Map.of(), day0.plus(Duration.ofDays(1))));
        produce(kafka, connectorId, 7, first);
        try (DedupeStage stage = new DedupeStage(new DedupeSettings(kafka.settings(), dir.resolve("before"), applicationId),
                new SimpleMeterRegistry())) {
            stage.start();
            kafka.awaitValues(Topics.ROWS_UNIQUE, Row.class, r -> connectorId.equals(r.connectorId()), 2, WAIT);
        }

        produce(kafka, connectorId, 7, second);
        try (DedupeStage stage = new DedupeStage(new DedupeSettings(kafka.settings(), dir.resolve("after"), applicationId),
                new SimpleMeterRegistry())) {
            stage.start();
            List<Status> statuses = kafka.awaitValues(Topics.STATUSES, Status.class, s -> connectorId.equals(s.connectorId()), 1, WAIT);
            assertThat(statuses).extracting(Status::messageId, Status::statusCode).containsExactly(tuple("r2-" + connectorId + "-1", 811));
            CommittedRows.waitFor(kafka, applicationId, WAIT);
            assertThat(kafka.valuesNow(Topics.ROWS_UNIQUE, Row.class, r -> connectorId.equals(r.connectorId())))
                    .extracting(Row::messageId)
                    .containsExactlyInAnyOrder("r1-" + connectorId + "-1", "r1-" + connectorId + "-2", "r2-" + connectorId + "-2");
        }
    }

    private static void produce(TestKafka kafka, String connectorId, int acrossFilesDays, List<Row> rows) {
        Serializer<Row> serializer = JsonSerde.of(Row.class).serializer();
        try (var producer = new KafkaProducer<>(kafka.settings().producer(TestKafka.unique("rows")),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.CONNECTORS, connectorId, JsonSerde.of(Connector.class).serializer()
                    .serialize(Topics.CONNECTORS, DedupeTopologyTest.connector(connectorId, true, acrossFilesDays))));
            for (Row row : rows) {
                producer.send(new ProducerRecord<>(Topics.ROWS, RecipientKey.of(connectorId, row.phone()),
                        serializer.serialize(Topics.ROWS, row)));
            }
        }
    }

    @Test
    void closeIsIdempotentAndMakesTheStageUnhealthy(TestKafka kafka, @TempDir Path stateDir) {
        DedupeStage stage = new DedupeStage(new DedupeSettings(kafka.settings(), stateDir, TestKafka.unique("dedupe")),
                new SimpleMeterRegistry());
        stage.start();
        stage.close();
        stage.close();
        assertThat(stage.isHealthy()).isFalse();
    }
}
