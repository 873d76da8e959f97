package org.ftp2sms.renderer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.RecipientKey;
import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.service.DeadLetters;
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

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The renderer's logic without a broker: rows-unique in, messages, statuses and dead letters out, on {@link MockKafka}. */
class RowsToMessagesTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant RECEIVED = Instant.parse("2026-03-02T10:15:00Z");

    private final MockKafka kafka = new MockKafka();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Connector connector = RowRendererTest.connector("Hi {{ first_name }}", 1);
    private final AtomicInteger catchUps = new AtomicInteger();
    private TransactionalWorker worker;

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.close();
        }
    }

    private void start(Supervision supervision) {
        RowsToMessages handler = new RowsToMessages(
                id -> id.equals(connector.id()) ? Optional.of(connector) : Optional.empty(),
                tx -> catchUps.incrementAndGet(),
                new RowRenderer(Clock.systemUTC()),
                new RendererMetrics(registry),
                BatchLimits.DEFAULTS);
        ClientSpec spec = new ClientSpec(
                KafkaSettings.of("unused:9092"),
                List.of(Topics.ROWS_UNIQUE),
                "renderer",
                "renderer-1",
                "renderer-tx",
                Map.of(),
                Map.of());
        worker = new TransactionalWorker(
                "renderer",
                "renderer",
                spec,
                kafka,
                TransactionLimits.timeBounded(Duration.ofSeconds(10)),
                handler,
                supervision,
                registry);
        worker.start(WAIT);
    }

    private void row(String file, String connectorId, int number, String firstName) {
        Row row = new Row(file, connectorId, number, "32470000001", Map.of("first_name", firstName), RECEIVED);
        kafka.append(
                Topics.ROWS_UNIQUE,
                RecipientKey.of(connectorId, row.phone()),
                JsonSerde.of(Row.class).serializer().serialize(Topics.ROWS_UNIQUE, row));
    }

    private <T> List<T> values(String topic, Class<T> type) {
        return kafka.output(topic).stream()
                .map(r -> JsonSerde.of(type).deserializer().deserialize(topic, r.value()))
                .toList();
    }

    @Test
    void aBatchOfRowsBecomesMessagesAndRefusalsInOneTransaction() {
        row("f1", "c1", 1, "Ann");
        row("f1", "c1", 2, "x".repeat(200));
        row("f1", "gone", 3, "Bo");
        start(Supervision.DEFAULT);

        await().atMost(WAIT).until(() -> kafka.committed(Topics.ROWS_UNIQUE, 0) == 3);
        assertThat(kafka.output(Topics.MESSAGES)).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(RecipientKey.of("c1", "32470000001"));
            assertThat(JsonSerde.of(Message.class)
                            .deserializer()
                            .deserialize(Topics.MESSAGES, r.value())
                            .text())
                    .isEqualTo("Hi Ann");
        });
        assertThat(values(Topics.STATUSES, Status.class))
                .extracting(Status::messageId, Status::statusCode)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("f1-2", 802),
                        org.assertj.core.groups.Tuple.tuple("f1-3", 830));
        assertThat(catchUps)
                .as("an unknown connector: the view is caught up once per batch before refusing")
                .hasValue(1);
        assertThat(kafka.producer().commitCount()).isEqualTo(1);
    }

    @Test
    void unreadableRecordsBecomeA890StatusWhenTheirMessageIdIsKnownAndADeadLetterOtherwise() {
        kafka.append(Topics.ROWS_UNIQUE, "k", "{not json".getBytes(StandardCharsets.UTF_8));
        Row noConnector = new Row("f2", null, 4, "32470000001", Map.of(), RECEIVED);
        kafka.append(
                Topics.ROWS_UNIQUE,
                "k",
                JsonSerde.of(Row.class).serializer().serialize(Topics.ROWS_UNIQUE, noConnector));
        start(Supervision.DEFAULT);

        await().atMost(WAIT).until(() -> kafka.committed(Topics.ROWS_UNIQUE, 0) == 2);
        assertThat(kafka.output(Topics.DEAD_LETTERS))
                .singleElement()
                .satisfies(r -> assertThat(header(r, DeadLetters.READER)).isEqualTo("renderer"));
        assertThat(values(Topics.STATUSES, Status.class)).singleElement().satisfies(s -> {
            assertThat(s.messageId()).isEqualTo("f2-4");
            assertThat(s.statusCode()).isEqualTo(890);
        });
    }

    @Test
    void aRowTheRendererFailsOnEveryTimeGets890AfterNAttemptsAndTheBatchGoesOn() {
        row("f3", "c1", 1, "Ann");
        row("f3", "c1", 2, "Poison");
        row("f3", "c1", 3, "Cy");
        GatedPause pause = GatedPause.open();
        RecordHook poison = record -> {
            if (new String(record.value(), StandardCharsets.UTF_8).contains("Poison")) {
                throw new IllegalStateException("always");
            }
        };
        start(Supervision.DEFAULT.withPause(pause).withHook(poison));

        await().atMost(WAIT).until(() -> kafka.committed(Topics.ROWS_UNIQUE, 0) == 3);
        assertThat(values(Topics.MESSAGES, Message.class))
                .extracting(Message::messageId)
                .containsExactly("f3-1", "f3-3");
        assertThat(values(Topics.STATUSES, Status.class)).singleElement().satisfies(s -> {
            assertThat(s.messageId()).isEqualTo("f3-2");
            assertThat(s.statusCode()).isEqualTo(890);
        });
        assertThat(pause.delays()).hasSize(Supervision.ATTEMPTS_BEFORE_REFUSING);
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
