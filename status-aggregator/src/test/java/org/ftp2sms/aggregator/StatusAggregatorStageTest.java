package org.ftp2sms.aggregator;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ftp2sms.contract.ExportRequested;
import org.ftp2sms.contract.Reply;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.rules.webhook.WebhookAddresses;
import org.ftp2sms.service.DeadLetters;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.MutableClock;
import org.ftp2sms.testkit.TestKafka;
import org.ftp2sms.testkit.TopicReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stage on the real broker, restarted with its local state wiped each time: the rows and the done-markers live
 * in the changelogged stores, so a restart neither loses rows (days missed while down are caught up, rows that
 * arrived meanwhile included) nor writes a finished day again.
 */
@ExtendWith(KafkaBrokerExtension.class)
class StatusAggregatorStageTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;
    @TempDir
    Path stateDirs;

    @Test
    void aRestartNeitherLosesNorRepeatsRowsAndCatchesUpMissedDays(TestKafka kafka) throws Exception {
        String connectorId = TestKafka.unique("restart");
        String applicationId = TestKafka.unique("aggregator");
        MutableClock clock = new MutableClock(Instant.parse("2026-05-10T12:00:00Z"));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.settings().producer(TestKafka.unique("p")),
                new StringSerializer(), new ByteArraySerializer())) {
            StatusAggregatorSettings first = settings(kafka, applicationId, "run-1");
            try (StatusAggregatorStage stage = new StatusAggregatorStage(first, new SimpleMeterRegistry(), clock)) {
                stage.start();
                status(producer, connectorId, "m-1", "2026-05-10T08:00:00Z");
                status(producer, connectorId, "m-2", "2026-05-10T09:00:00Z");
                reply(producer, connectorId, "m-1", "2026-05-10T10:00:00Z");
                await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> {
                    request(producer, connectorId, "2026-05-10");
                    return messageIds(first, connectorId, "status_2026-05-10.csv").size() == 2;
                });
            }

            // while the service is down: a last status of the 10th, one of the 11th, and the windows of the 11th and 12th pass
            status(producer, connectorId, "m-3", "2026-05-10T23:59:59.999Z");
            status(producer, connectorId, "m-4", "2026-05-11T00:00:00Z");
            clock.set("2026-05-12T09:00:00Z");

            StatusAggregatorSettings second = settings(kafka, applicationId, "run-2");
            try (StatusAggregatorStage stage = new StatusAggregatorStage(second, new SimpleMeterRegistry(), clock)) {
                stage.start();
                await().atMost(WAIT).untilAsserted(() -> {
                    assertThat(messageIds(second, connectorId, "status_2026-05-10.csv")).containsExactlyInAnyOrder("m-1", "m-2", "m-3");
                    assertThat(messageIds(second, connectorId, "status_2026-05-11.csv")).containsExactly("m-4");
                });
                assertThat(rows(second, connectorId, "received_2026-05-10.csv")).extracting(r -> r.get("outgoingMessageId"))
                        .containsExactly("m-1");
            }

            Files.delete(second.exportsDir(connectorId).resolve("status_2026-05-11.csv"));
            StatusAggregatorSettings third = settings(kafka, applicationId, "run-3");
            try (StatusAggregatorStage stage = new StatusAggregatorStage(third, new SimpleMeterRegistry(), clock)) {
                stage.start();
                status(producer, connectorId, "m-5", "2026-05-12T10:00:00Z");
                clock.set("2026-05-13T02:00:00Z");
                // the punctuation that writes the 12th also looks at the 11th: done before the restart, so not written again
                await().atMost(WAIT).until(() -> messageIds(third, connectorId, "status_2026-05-12.csv").contains("m-5"));
                assertThat(third.exportsDir(connectorId).resolve("status_2026-05-11.csv")).doesNotExist();
                assertThat(messageIds(third, connectorId, "status_2026-05-10.csv")).containsExactlyInAnyOrder("m-1", "m-2", "m-3");
            }
        }
    }

    /** Issue 13: garbage on each input is dead-lettered by the stream, which stays up and goes on. */
    @Test
    void garbageOnItsInputsIsSetAsideAndTheStageGoesOn(TestKafka kafka) throws Exception {
        String connectorId = TestKafka.unique("garbage");
        String applicationId = TestKafka.unique("aggregator");
        MutableClock clock = new MutableClock(Instant.parse("2026-05-10T12:00:00Z"));
        byte[] garbage = {(byte) 0xfe, '{', 0x00, '"'};
        StatusAggregatorSettings settings = settings(kafka, applicationId, "garbage");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.settings().producer(TestKafka.unique("p")),
                new StringSerializer(), new ByteArraySerializer());
             StatusAggregatorStage stage = new StatusAggregatorStage(settings, new SimpleMeterRegistry(), clock)) {
            stage.start();
            List<RecordMetadata> bad = new ArrayList<>();
            for (String topic : List.of(Topics.STATUSES, Topics.REPLIES, Topics.EXPORT_REQUESTS)) {
                bad.add(producer.send(new ProducerRecord<>(topic, connectorId, garbage)).get());
            }
            status(producer, connectorId, "after-garbage", "2026-05-10T08:00:00Z");
            await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> {
                request(producer, connectorId, "2026-05-10");
                return messageIds(settings, connectorId, "status_2026-05-10.csv").contains("after-garbage");
            });
            await().atMost(WAIT).untilAsserted(() -> {
                for (RecordMetadata record : bad) {
                    assertThat(kafka.reader().deadLettersOf(record.topic(), record.partition(), record.offset()))
                            .as(record.topic()).anySatisfy(d -> {
                                assertThat(TopicReader.header(d, DeadLetters.READER)).isEqualTo(applicationId);
                                assertThat(d.value()).isEqualTo(garbage);
                            });
                }
            });
            assertThat(stage.isHealthy()).isTrue();
        }
    }

    /** A fresh state dir each run: the stores come back from their changelogs, not from local files. */
    private StatusAggregatorSettings settings(TestKafka kafka, String applicationId, String run) {
        return new StatusAggregatorSettings(kafka.settings(), dataDir, stateDirs.resolve(run), applicationId,
                LocalTime.of(2, 0), LocalTime.of(5, 0), 30, Duration.ofMillis(200), TestKafka.unique("webhooks"),
                Duration.ofSeconds(5), 3, Duration.ofMillis(10), Duration.ofMillis(100), TestKafka.unique("instance"),
                WebhookAddresses.STRICT);
    }

    private static void status(KafkaProducer<String, byte[]> producer, String connectorId, String messageId, String at) throws Exception {
        Instant time = Instant.parse(at);
        Status status = Status.of(messageId, "f", connectorId, "32476000001", StatusCode.DELIVERED, time.minusSeconds(5), time, time);
        producer.send(new ProducerRecord<>(Topics.STATUSES, messageId, JsonSerde.of(Status.class).serializer().serialize(null, status))).get();
    }

    private static void reply(KafkaProducer<String, byte[]> producer, String connectorId, String outgoing, String at) throws Exception {
        Reply reply = new Reply("r-" + outgoing, outgoing, connectorId, "f", "32476000001", "merci", Instant.parse(at));
        producer.send(new ProducerRecord<>(Topics.REPLIES, reply.phone(), JsonSerde.of(Reply.class).serializer().serialize(null, reply))).get();
    }

    private static void request(KafkaProducer<String, byte[]> producer, String connectorId, String date) throws Exception {
        ExportRequested request = new ExportRequested(connectorId, LocalDate.parse(date), Instant.now());
        producer.send(new ProducerRecord<>(Topics.EXPORT_REQUESTS, connectorId,
                JsonSerde.of(ExportRequested.class).serializer().serialize(null, request))).get();
    }

    private static List<String> messageIds(StatusAggregatorSettings settings, String connectorId, String file) throws Exception {
        return rows(settings, connectorId, file).stream().map(r -> r.get("messageId")).toList();
    }

    private static List<CSVRecord> rows(StatusAggregatorSettings settings, String connectorId, String file) throws Exception {
        Path path = settings.exportsDir(connectorId).resolve(file);
        if (!Files.exists(path)) {
            return List.of();
        }
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
    }
}
