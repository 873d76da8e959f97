package org.ftp2sms.renderer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.RecipientKey;
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

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The renderer on the real broker meets a failure of its handler once: unhealthy, back by itself, exactly once. */
@ExtendWith(KafkaBrokerExtension.class)
class RendererRecoveryTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant RECEIVED = Instant.parse("2026-03-02T10:15:00Z");
    private static final String PHONE = "32470000077";

    @Test
    void aHandlerThatThrowsOnceMakesTheStageUnhealthyUntilItRecoversAndEveryRowIsRenderedOnce(TestKafka kafka)
            throws Exception {
        String connectorId = TestKafka.unique("recovering");
        String file = TestKafka.unique("file");
        GatedPause pause = GatedPause.closed();
        AtomicBoolean thrown = new AtomicBoolean();
        Supervision throwOnce = Supervision.DEFAULT.withPause(pause).withHook(record -> {
            Row row = JsonSerde.of(Row.class).deserializer().deserialize(record.topic(), record.value());
            if (row != null
                    && file.equals(row.fileIngestionId())
                    && row.rowNumber() == 2
                    && thrown.compareAndSet(false, true)) {
                throw new IllegalStateException("injected once");
            }
        });
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                        kafka.settings().producer("renderer-recovery"),
                        new StringSerializer(),
                        new ByteArraySerializer());
                RendererStage stage = new RendererStage(
                        new RendererSettings(kafka.settings(), TestKafka.unique("rec"), TestKafka.unique("renderer")),
                        new SimpleMeterRegistry(),
                        BatchLimits.DEFAULTS,
                        KafkaClients.REAL,
                        throwOnce)) {
            Connector connector = new Connector(
                    connectorId,
                    "recovery",
                    "ACME",
                    new Mapping("phone", "BE"),
                    "Hi {{ n }}",
                    new SendingOptions(1, true, 0, null),
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
            for (int n = 1; n <= 3; n++) {
                Row row = new Row(file, connectorId, n, PHONE, Map.of("n", String.valueOf(n)), RECEIVED);
                producer.send(new ProducerRecord<>(
                                Topics.ROWS_UNIQUE,
                                RecipientKey.of(connectorId, PHONE),
                                JsonSerde.of(Row.class).serializer().serialize(Topics.ROWS_UNIQUE, row)))
                        .get();
            }

            await().atMost(WAIT).until(pause::isHolding);
            assertThat(stage.isHealthy()).as("recovering: not ready").isFalse();
            assertThat(stage.isAlive()).as("restarting itself: alive").isTrue();

            pause.release();
            kafka.awaitValues(Topics.MESSAGES, Message.class, m -> file.equals(m.fileIngestionId()), 3, WAIT);
            // A fourth row after them on the same partition: once it is out, a repeat of the first three would be too.
            Row last = new Row(file, connectorId, 4, PHONE, Map.of("n", "4"), RECEIVED);
            producer.send(new ProducerRecord<>(
                            Topics.ROWS_UNIQUE,
                            RecipientKey.of(connectorId, PHONE),
                            JsonSerde.of(Row.class).serializer().serialize(Topics.ROWS_UNIQUE, last)))
                    .get();
            kafka.awaitValues(Topics.MESSAGES, Message.class, m -> m.messageId().equals(file + "-4"), 1, WAIT);
            assertThat(kafka.valuesNow(Topics.MESSAGES, Message.class, m -> file.equals(m.fileIngestionId())))
                    .extracting(Message::messageId)
                    .containsExactly(file + "-1", file + "-2", file + "-3", file + "-4");
            await().atMost(WAIT).until(stage::isHealthy);
        }
    }
}
