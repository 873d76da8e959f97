package org.ftp2sms.gateway;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.ftp2sms.contract.FileArrived;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.service.KafkaSettings;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes {@link FileArrived} to {@link Topics#FILE_ARRIVALS}, keyed by connectorId, and waits for the broker's
 * acknowledgement: one wait per FILE, so an upload is reported done only once its event is durable.
 */
final class ArrivalPublisher implements AutoCloseable {
    /** The producer gives up no later than this, so an event that timed out here is never published after all. */
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ACK_TIMEOUT = DELIVERY_TIMEOUT.plusSeconds(5);

    private final KafkaProducer<String, byte[]> producer;
    private final Serializer<FileArrived> serializer = JsonSerde.of(FileArrived.class).serializer();

    ArrivalPublisher(KafkaSettings kafka, String clientId) {
        Map<String, Object> props = kafka.producer(clientId);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    void publish(FileArrived event) throws ExecutionException, TimeoutException, InterruptedException {
        byte[] value = serializer.serialize(Topics.FILE_ARRIVALS, event);
        producer.send(new ProducerRecord<>(Topics.FILE_ARRIVALS, event.connectorId(), value))
                .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
