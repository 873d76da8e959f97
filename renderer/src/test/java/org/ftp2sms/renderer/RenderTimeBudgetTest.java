package org.ftp2sms.renderer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(KafkaBrokerExtension.class)
class RenderTimeBudgetTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Instant RECEIVED = Instant.parse("2026-03-02T10:15:00Z");
    /** Sorts a 5 120-character string 9 000 times: stopped by the render-time guard (2 s), never finished. */
    private static final String HOSTILE = "{% assign s = \"abcdefghij\" %}{% for i in (1..9) %}{% assign s = s | append: s %}{% endfor %}"
            + "{% for i in (1..9000) %}{% assign x = s | split: \"\" | sort | join: \"\" %}{% endfor %}{{ x | size }}";
    private static final int HOSTILE_ROWS = 5;
    private final TestKafka kafka;

    RenderTimeBudgetTest(TestKafka kafka) {
        this.kafka = kafka;
    }

    @Test
    void aTemplateHittingTheRenderGuardCostsAFewTimeoutsAndTheBatchIsCommittedInTimeBudgetedTransactions() {
        String hostile = TestKafka.unique("hostile");
        String honest = TestKafka.unique("honest");
        publishConnectors(connector(hostile, HOSTILE), connector(honest, "Hello {{ name }}"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // No time budget at all: every row after the first is a transaction of its own; refuse after 2 timeouts.
        BatchLimits limits = new BatchLimits(Duration.ZERO, 2, Duration.ofSeconds(1));
        try (RendererStage stage = new RendererStage(new RendererSettings(kafka.settings(), TestKafka.unique("budget"),
                TestKafka.unique("renderer-budget")), registry, limits)) {
            stage.start();
            String file = TestKafka.unique("file");
            // One partition, one produce request: the rows reach the renderer as one batch, the honest row last.
            List<Row> rows = new java.util.ArrayList<>();
            for (int n = 1; n <= HOSTILE_ROWS; n++) {
                rows.add(new Row(file, hostile, n, "3247000000" + n, Map.of("name", "Ann"), RECEIVED));
            }
            rows.add(new Row(file, honest, HOSTILE_ROWS + 1, "32470000009", Map.of("name", "Bo"), RECEIVED));
            publishRows(rows);

            List<Status> refused = kafka.awaitValues(Topics.STATUSES, Status.class,
                    s -> file.equals(s.fileIngestionId()), HOSTILE_ROWS, WAIT);
            assertThat(refused).extracting(Status::statusReason).containsOnly("804-template-error").hasSize(HOSTILE_ROWS);
            assertThat(kafka.awaitValues(Topics.MESSAGES, Message.class, m -> file.equals(m.fileIngestionId()), 1, WAIT))
                    .extracting(Message::text).containsExactly("Hello Bo");
            // Two renders hit the guard; the other three rows were refused without rendering.
            assertThat(registry.counter("ftp2sms.renderer.template.timeouts").count()).isEqualTo(2.0);
            assertThat(registry.counter("ftp2sms.renderer.early.commits").count()).isGreaterThanOrEqualTo(1.0);
            assertThat(registry.counter("ftp2sms.renderer.aborted.batches").count()).isZero();
            assertThat(stage.isHealthy()).isTrue();
        }
    }

    private void publishConnectors(Connector... connectors) {
        try (var producer = new KafkaProducer<String, byte[]>(kafka.settings().producer(TestKafka.unique("connector-writer")))) {
            for (Connector c : connectors) {
                producer.send(new ProducerRecord<>(Topics.CONNECTORS, c.id(),
                        JsonSerde.of(Connector.class).serializer().serialize(Topics.CONNECTORS, c)));
            }
        }
    }

    /** In one batch (nothing leaves before close), so that one poll brings them all, however loaded the machine. */
    private void publishRows(List<Row> rows) {
        Map<String, Object> props = kafka.settings().producer(TestKafka.unique("row-writer"));
        props.put(ProducerConfig.LINGER_MS_CONFIG, 60_000);
        try (var producer = new KafkaProducer<String, byte[]>(props)) {
            for (Row row : rows) {
                producer.send(new ProducerRecord<>(Topics.ROWS_UNIQUE, 0, RecipientKey.of(row.connectorId(), row.phone()),
                        JsonSerde.of(Row.class).serializer().serialize(Topics.ROWS_UNIQUE, row)));
            }
        }
    }

    private static Connector connector(String id, String template) {
        return new Connector(id, id, "ACME", new Mapping("phone", "BE"), template,
                new SendingOptions(1, true, 0, null), null, null, RECEIVED, RECEIVED);
    }
}
