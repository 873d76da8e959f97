package org.ftp2sms.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ftp2sms.embedded.EmbeddedKafkaBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class KafkaClientMetersTest {

    @AfterEach
    void unbind() {
        KafkaClientMeters.bindTo(null);
    }

    @Test
    void aConsumersLagAndAProducersCountsAreMetersUntilTheClientCloses(@TempDir Path dir) throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        KafkaClientMeters.bindTo(registry);
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, 0, Map.of()).start()) {
            KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers());
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producer("meters-producer"))) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("meters-test", "k" + i, new byte[] {1})).get();
                }
                assertThat(registry.find("ftp2sms.kafka.producer.records")
                                .tag("client.id", "meters-producer")
                                .functionCounter()
                                .count())
                        .isEqualTo(10);
                assertThat(registry.scrape())
                        .contains(
                                "ftp2sms_kafka_producer_records_total{client_id=\"meters-producer\"} 10.0",
                                "ftp2sms_kafka_producer_request_latency_avg_seconds{client_id=\"meters-producer\"}");
            }
            assertThat(registry.find("ftp2sms.kafka.producer.records")
                            .tag("client.id", "meters-producer")
                            .functionCounter())
                    .as("removed with its client")
                    .isNull();

            Map<String, Object> props = kafka.consumer("meters-group");
            props.put("client.id", "meters-consumer");
            props.put("max.poll.records", 3);
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
                consumer.subscribe(List.of("meters-test"));
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    consumer.poll(Duration.ofMillis(200));
                    Gauge lag = registry.find("ftp2sms.kafka.consumer.lag.max").tag("client.id", "meters-consumer").gauge();
                    assertThat(lag).isNotNull();
                    assertThat(lag.value()).isPositive();
                });
                assertThat(registry.scrape()).contains("ftp2sms_kafka_consumer_lag_max{client_id=\"meters-consumer\"}");
            }
        }
    }
}
