package org.ftp2sms.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.MessageIds;
import org.ftp2sms.contract.RecipientKey;
import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.Json;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.dedupe.DedupeSettings;
import org.ftp2sms.dedupe.DedupeStage;
import org.ftp2sms.renderer.RendererSettings;
import org.ftp2sms.renderer.RendererStage;
import org.ftp2sms.service.DeadLetters;
import org.ftp2sms.service.Env;
import org.ftp2sms.service.Stage;
import org.ftp2sms.splitter.RowSplitterSettings;
import org.ftp2sms.splitter.RowSplitterStage;
import org.ftp2sms.testkit.Curl;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.PipelineVars;
import org.ftp2sms.testkit.RunningStages;
import org.ftp2sms.testkit.TestKafka;
import org.ftp2sms.testkit.TopicReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13's second attack: a real Kafka producer writes garbage onto the connectors topic and onto every stage's
 * input topic. The admin API keeps creating connectors, every stage stays healthy, what it could not read is on
 * {@code ftp2sms.dead-letters} with its origin (or, a row whose message id is known, gets 890), valid records
 * after the garbage go through, and a restart reads past it.
 */
@ExtendWith(KafkaBrokerExtension.class)
class UnreadableRecordAttackTest {
    private static final byte[] GARBAGE = {(byte) 0xff, 0x00, '{', '"', (byte) 0xc3, 0x28, '}', 0x7f};

    @TempDir
    Path dataDir;

    private final RunningStages stages = new RunningStages();

    @AfterEach
    void stop() {
        stages.close();
    }

    @Test
    void garbageOnTheConnectorsTopicChangesNothingForTheAdminApi(TestKafka kafka) throws Exception {
        ConnectorAdminStage admin = startAdmin(kafka);
        String base = "http://127.0.0.1:" + admin.httpPort();
        String before = createConnector(base, "before-" + shortId());
        Curl.Response beforeShown = Curl.call("GET", base + "/api/v1/connectors/" + before, AdminApiTest.TOKEN, null);

        String key = "garbage-" + shortId();
        RecordMetadata garbage = send(kafka, Topics.CONNECTORS, key, GARBAGE);
        send(kafka, Topics.CONNECTORS, key + "-shape", "{\"id\": {\"nested\": []}, \"access\": 5}".getBytes(StandardCharsets.UTF_8));
        RecordMetadata ingestion = send(kafka, Topics.INGESTIONS, "file-" + shortId(), GARBAGE);
        RecordMetadata noKey = send(kafka, Topics.INGESTIONS, null, "{\"state\": \"ACCEPTED\"}".getBytes(StandardCharsets.UTF_8));

        // The admin API goes on: new connectors are created and read back, health stays up.
        String after = createConnector(base, "after-" + shortId());
        assertThat(Curl.call("GET", base + "/api/v1/connectors/" + after, AdminApiTest.TOKEN, null).status()).isEqualTo(200);
        assertThat(Curl.call("GET", base + "/health", null, null).status()).isEqualTo(200);
        assertThat(Curl.call("GET", base + "/api/v1/ingestions?connectorId=" + before, AdminApiTest.TOKEN, null).status()).isEqualTo(200);
        // Another connector is neither changed nor hidden.
        assertThat(Curl.call("GET", base + "/api/v1/connectors/" + before, AdminApiTest.TOKEN, null).body())
                .isEqualTo(beforeShown.body());
        assertThat(deadLetter(kafka, Topics.CONNECTORS, garbage.partition(), garbage.offset(), "connector-admin-connectors"))
                .isNotNull().satisfies(d -> assertThat(d.value()).isEqualTo(GARBAGE));
        // The ingestions are read by the per-file progress (Kafka Streams): its handler sets unreadable bytes aside.
        // A readable report without a file id (noKey) is skipped by its filter, without a dead letter (a known gap).
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(deadLetter(kafka, Topics.INGESTIONS, ingestion.partition(), ingestion.offset(), null)).isNotNull());

        // A restart reads past the same records.
        stages.close();
        ConnectorAdminStage restarted = startAdmin(kafka);
        String base2 = "http://127.0.0.1:" + restarted.httpPort();
        assertThat(Curl.call("GET", base2 + "/health", null, null).status()).isEqualTo(200);
        assertThat(Curl.call("GET", base2 + "/api/v1/connectors/" + before, AdminApiTest.TOKEN, null).body())
                .isEqualTo(beforeShown.body());
        createConnector(base2, "restarted-" + shortId());
    }

    @Test
    void everyStageSkipsGarbageOnItsInputAndGoesOn(TestKafka kafka) throws Exception {
        Env env = new Env(PipelineVars.isolated(kafka, dataDir, "garbage"));
        RendererStage renderer = stages.start(new RendererStage(RendererSettings.fromEnv(env), new SimpleMeterRegistry()));
        DedupeStage dedupe = stages.start(new DedupeStage(DedupeSettings.fromEnv(env), new SimpleMeterRegistry()));
        RowSplitterStage splitter = stages.start(new RowSplitterStage(RowSplitterSettings.fromEnv(env), new SimpleMeterRegistry()));
        ConnectorAdminStage admin = startAdmin(kafka);
        String base = "http://127.0.0.1:" + admin.httpPort();
        String connectorId = createConnector(base, "victim-" + shortId());

        RecordMetadata arrival = send(kafka, Topics.FILE_ARRIVALS, connectorId, GARBAGE);
        RecordMetadata row = send(kafka, Topics.ROWS, RecipientKey.of(connectorId, "32476000001"), GARBAGE);
        RecordMetadata unique = send(kafka, Topics.ROWS_UNIQUE, RecipientKey.of(connectorId, "32476000002"), GARBAGE);
        RecordMetadata connectors = send(kafka, Topics.CONNECTORS, connectorId + "-x", GARBAGE);
        // A row whose message id is known but whose connector is not: it gets 890, not a dead letter.
        String halfFile = "half-" + shortId();
        send(kafka, Topics.ROWS_UNIQUE, "x", ("{\"fileIngestionId\":\"" + halfFile + "\",\"rowNumber\":4}").getBytes(StandardCharsets.UTF_8));
        // The same on ftp2sms.rows: dedupe gives the first 890 and sets the second aside.
        String halfRowsFile = "half-rows-" + shortId();
        send(kafka, Topics.ROWS, "y", ("{\"fileIngestionId\":\"" + halfRowsFile + "\",\"rowNumber\":2}").getBytes(StandardCharsets.UTF_8));
        RecordMetadata noFile = send(kafka, Topics.ROWS, "z", ("{\"connectorId\":\"" + connectorId + "\"}").getBytes(StandardCharsets.UTF_8));
        // Then valid rows: the stages must have gone past the garbage to reach them.
        String file = "after-garbage-" + shortId();
        Row valid = new Row(file, connectorId, 1, "32476123456", Map.of("phone", "0476123456", "first_name", "Ann"), Instant.now());
        send(kafka, Topics.ROWS, RecipientKey.of(connectorId, valid.phone()), JsonSerde.of(Row.class).serializer().serialize(Topics.ROWS, valid));

        assertThat(kafka.awaitValues(Topics.MESSAGES, Message.class, m -> m.messageId().equals(MessageIds.of(file, 1)), 1,
                Duration.ofSeconds(60))).singleElement().satisfies(m -> assertThat(m.text()).isEqualTo("Hello Ann"));
        assertThat(kafka.awaitValues(Topics.STATUSES, Status.class, s -> s.messageId().equals(MessageIds.of(halfFile, 4)), 1,
                Duration.ofSeconds(60))).singleElement().satisfies(s -> assertThat(s.statusCode()).isEqualTo(StatusCode.INTERNAL_ERROR.code()));
        assertThat(kafka.awaitValues(Topics.STATUSES, Status.class, s -> s.messageId().equals(MessageIds.of(halfRowsFile, 2)), 1,
                Duration.ofSeconds(60))).singleElement().satisfies(s -> assertThat(s.statusCode()).isEqualTo(StatusCode.INTERNAL_ERROR.code()));
        await().atMost(60, TimeUnit.SECONDS).untilAsserted(() -> {
            assertThat(deadLetter(kafka, Topics.ROWS, noFile.partition(), noFile.offset(), "dedupe-stream")).isNotNull();
            assertThat(deadLetter(kafka, Topics.FILE_ARRIVALS, arrival.partition(), arrival.offset(), "row-splitter")).isNotNull();
            assertThat(deadLetter(kafka, Topics.ROWS, row.partition(), row.offset(), null)).isNotNull();
            assertThat(deadLetter(kafka, Topics.ROWS_UNIQUE, unique.partition(), unique.offset(), "renderer")).isNotNull();
            assertThat(deadLetter(kafka, Topics.CONNECTORS, connectors.partition(), connectors.offset(), null)).isNotNull();
        });
        for (Stage stage : List.of(renderer, dedupe, splitter, admin)) {
            assertThat(stage.isHealthy()).as(stage.name()).isTrue();
        }
        assertThat(Curl.call("GET", base + "/health", null, null).status()).isEqualTo(200);

        // Restarted, the group consumers start after what they set aside: nothing is dead-lettered twice.
        stages.close();
        stages.start(new RendererStage(RendererSettings.fromEnv(env), new SimpleMeterRegistry()));
        stages.start(new RowSplitterStage(RowSplitterSettings.fromEnv(env), new SimpleMeterRegistry()));
        String second = "second-" + shortId();
        Row again = new Row(second, connectorId, 1, "32476123457", Map.of("phone", "0476123457", "first_name", "Bo"), Instant.now());
        send(kafka, Topics.ROWS_UNIQUE, RecipientKey.of(connectorId, again.phone()), JsonSerde.of(Row.class).serializer().serialize(Topics.ROWS_UNIQUE, again));
        assertThat(kafka.awaitValues(Topics.MESSAGES, Message.class, m -> m.messageId().equals(MessageIds.of(second, 1)), 1,
                Duration.ofSeconds(60))).hasSize(1);
        assertThat(deadLetters(kafka, Topics.ROWS_UNIQUE, unique.partition(), unique.offset(), "renderer")).hasSize(1);
        assertThat(deadLetters(kafka, Topics.FILE_ARRIVALS, arrival.partition(), arrival.offset(), "row-splitter")).hasSize(1);
    }

    private ConnectorAdminStage startAdmin(TestKafka kafka) {
        return stages.start(new ConnectorAdminStage(new AdminSettings(kafka.settings(), 0, AdminApiTest.TOKEN,
                "127.0.0.1", 2222, 2121, TestStorage.isolated()), new SimpleMeterRegistry()));
    }

    private static String createConnector(String base, String name) throws Exception {
        ObjectNode request = (ObjectNode) Json.mapper().readTree(AdminApiTest.VALID);
        request.put("name", name);
        request.put("template", "Hello {{ first_name }}");
        request.remove("options");
        Curl.Response created = Curl.call("POST", base + "/api/v1/connectors", AdminApiTest.TOKEN, request.toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return Json.mapper().readTree(created.body()).get("id").asText();
    }

    private static RecordMetadata send(TestKafka kafka, String topic, String key, byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.settings().producer("garbage-writer"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value)).get();
        }
    }

    private static ConsumerRecord<byte[], byte[]> deadLetter(TestKafka kafka, String topic, int partition, long offset, String reader) {
        List<ConsumerRecord<byte[], byte[]>> found = deadLetters(kafka, topic, partition, offset, reader);
        return found.isEmpty() ? null : found.get(0);
    }

    /** Dead letters of that origin record, with a reason, from that reader (any reader when null). */
    private static List<ConsumerRecord<byte[], byte[]>> deadLetters(TestKafka kafka, String topic, int partition, long offset,
                                                                    String reader) {
        return kafka.reader().deadLettersOf(topic, partition, offset).stream()
                .filter(r -> TopicReader.header(r, DeadLetters.REASON) != null
                        && (reader == null || reader.equals(TopicReader.header(r, DeadLetters.READER))))
                .toList();
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
