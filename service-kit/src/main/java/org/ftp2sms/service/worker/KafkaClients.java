package org.ftp2sms.service.worker;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

import java.util.Map;

/**
 * Where a worker's Kafka clients come from. Stages take one so that their logic is unit-tested with
 * {@code MockConsumer}/{@code MockProducer}; {@link #REAL} makes the real clients. The configurations come from
 * {@link ClientSpec}, i.e. from {@code KafkaSettings} plus the stage's own overrides.
 */
public interface KafkaClients {

    Consumer<String, byte[]> consumer(Map<String, Object> config);

    /** A plain or transactional producer, whichever the configuration asks for. */
    Producer<String, byte[]> producer(Map<String, Object> config);

    KafkaClients REAL = new KafkaClients() {
        @Override
        public Consumer<String, byte[]> consumer(Map<String, Object> config) {
            return new KafkaConsumer<>(config);
        }

        @Override
        public Producer<String, byte[]> producer(Map<String, Object> config) {
            return new KafkaProducer<>(config);
        }
    };
}
