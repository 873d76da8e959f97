package org.ftp2sms.renderer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ftp2sms.contract.Encoding;
import org.ftp2sms.contract.Message;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RendererStageTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant RECEIVED = Instant.parse("2026-03-02T10:15:00Z");
    private static final String TEMPLATE = "Hello {{ first_name }}, your code is {{ code }}";

    private TestKafka kafka;
    private RendererStage stage;
    private final String connectorId = TestKafka.unique("renderer-it");

    @BeforeAll
    void startStage(TestKafka kafka) {
        this.kafka = kafka;
        publish(Topics.CONNECTORS, connectorId, JsonSerde.of(Connector.class).serializer().serialize(Topics.CONNECTORS,
                connector(connectorId)));
        stage = new RendererStage(new RendererSettings(kafka.settings(), TestKafka.unique("it"), TestKafka.unique("renderer")),
                new SimpleMeterRegistry());
        stage.start();
    }

    @AfterAll
    void closeStage() {
        stage.close();
        assertThat(stage.isHealthy()).isFalse();
    }

    @Test
    void rendersRowsIntoMessagesKeyedByRecipient() {
        String file = TestKafka.unique("file");
        publishRow(new Row(file, connectorId, 1, "32470000001", Map.of("first_name", "Ann", "code", "1234"), RECEIVED));
        publishRow(new Row(file, connectorId, 2, "48500000002", Map.of("first_name", "Łukasz", "code", "99"), RECEIVED));

        List<ConsumerRecord<String, Message>> messages = await(Topics.MESSAGES, Message.class,
                m -> file.equals(m.fileIngestionId()), 2);

        assertThat(messages)
                .extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrder(
                        new Message(
                                file + "-1",
                                file,
                                connectorId,
                                "32470000001",
                                "ACME",
                                "Hello Ann, your code is 1234",
                                Encoding.GSM7,
                                1,
                                RECEIVED),
                        new Message(
                                file + "-2",
                                file,
                                connectorId,
                                "48500000002",
                                "ACME",
                                "Hello Łukasz, your code is 99",
                                Encoding.UCS2,
                                1,
                                RECEIVED));
        assertThat(messages)
                .allSatisfy(r -> assertThat(r.key())
                        .isEqualTo(RecipientKey.of(connectorId, r.value().phone())));
        assertThat(stage.isHealthy()).isTrue();
    }

    @Test
    void aRowOverMaxPartsGetsA802StatusAndNoMessage() {
        String file = TestKafka.unique("file");
        publishRow(new Row(file, connectorId, 1, "32470000009", Map.of("first_name", "x".repeat(200), "code", "1"), RECEIVED));
        // Same recipient, so same partition, after it: once this one is rendered, the long one was too.
        publishRow(new Row(file, connectorId, 2, "32470000009", Map.of("first_name", "Bo", "code", "2"), RECEIVED));

        List<ConsumerRecord<String, Status>> statuses = await(Topics.STATUSES, Status.class, s -> file.equals(s.fileIngestionId()), 1);
        assertThat(statuses).hasSize(1);
        assertThat(statuses.get(0).key()).isEqualTo(file + "-1");
        assertThat(statuses.get(0).value().statusCode()).isEqualTo(802);
        assertThat(statuses.get(0).value().statusReason()).isEqualTo("802-message-parts-exceeded");
        assertThat(statuses.get(0).value().at()).isEqualTo(RECEIVED);

        await(Topics.MESSAGES, Message.class, m -> m.messageId().equals(file + "-2"), 1);
        assertThat(kafka.valuesNow(Topics.MESSAGES, Message.class, m -> file.equals(m.fileIngestionId())))
                .extracting(Message::messageId).containsExactly(file + "-2");
    }

    @Test
    void aRowOfAnUnknownConnectorGetsA830Status() {
        String file = TestKafka.unique("file");
        String unknown = TestKafka.unique("no-such-connector");
        publishRow(new Row(file, unknown, 1, "32470000001", Map.of("first_name", "Ann"), RECEIVED));

        List<ConsumerRecord<String, Status>> statuses = await(Topics.STATUSES, Status.class, s -> file.equals(s.fileIngestionId()), 1);
        assertThat(statuses).extracting(r -> r.value().statusCode()).containsExactly(830);
        assertThat(kafka.valuesNow(Topics.MESSAGES, Message.class, m -> file.equals(m.fileIngestionId()))).isEmpty();
    }

    @Test
    void aConnectorCreatedJustBeforeItsRowsIsFound() {
        String fresh = TestKafka.unique("fresh-connector");
        String file = TestKafka.unique("file");
        publish(Topics.CONNECTORS, fresh, JsonSerde.of(Connector.class).serializer().serialize(Topics.CONNECTORS, connector(fresh)));
        publishRow(new Row(file, fresh, 1, "32470000001", Map.of("first_name", "Ann", "code", "7"), RECEIVED));

        List<ConsumerRecord<String, Message>> messages = await(Topics.MESSAGES, Message.class, m -> file.equals(m.fileIngestionId()), 1);
        assertThat(messages).extracting(r -> r.value().text()).containsExactly("Hello Ann, your code is 7");
    }

    @Test
    void anUnreadableRowIsSkippedAndTheNextOneRendered() {
        String file = TestKafka.unique("file");
        publish(Topics.ROWS_UNIQUE, RecipientKey.of(connectorId, "32470000005"), "{not json".getBytes(StandardCharsets.UTF_8));
        publishRow(new Row(file, connectorId, 1, "32470000005", Map.of("first_name", "Cy", "code", "5"), RECEIVED));

        assertThat(await(Topics.MESSAGES, Message.class, m -> file.equals(m.fileIngestionId()), 1)).hasSize(1);
        assertThat(stage.isHealthy()).isTrue();
    }

    private void publishRow(Row row) {
        publish(Topics.ROWS_UNIQUE, RecipientKey.of(row.connectorId(), row.phone()),
                JsonSerde.of(Row.class).serializer().serialize(Topics.ROWS_UNIQUE, row));
    }

    private void publish(String topic, String key, byte[] value) {
        try (var producer = new KafkaProducer<>(kafka.settings().producer(TestKafka.unique("test-producer")),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value));
        }
    }

    /** Like {@link TestKafka#awaitValues} but keeps the keys. */
    private <T> List<ConsumerRecord<String, T>> await(String topic, Class<T> type, java.util.function.Predicate<T> filter, int count) {
        List<ConsumerRecord<String, T>> matched = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(kafka.settings().viewer(TestKafka.unique("test-reader")),
                new StringDeserializer(), JsonSerde.of(type).deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (matched.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, T> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.value() != null && filter.test(record.value())) {
                        matched.add(record);
                    }
                }
            }
        }
        return matched;
    }

    private static Connector connector(String id) {
        return new Connector(id, "renderer test", "ACME", new Mapping("phone", "BE"), TEMPLATE,
                new SendingOptions(1, true, 0, null), null, null, RECEIVED, RECEIVED);
    }
}
