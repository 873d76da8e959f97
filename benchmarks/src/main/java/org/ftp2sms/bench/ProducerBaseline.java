package org.ftp2sms.bench;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.clients.admin.NewTopic;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.service.TopicProvisioner;

import java.time.Duration;
import java.util.List;

import java.util.Arrays;

/**
 * Kafka's own ceiling on this machine: a plain batching producer (the project's producer settings) sending the
 * same number of records of the same size to the same broker, printed beside each stage's figure.
 */
public final class ProducerBaseline {
    private ProducerBaseline() {
    }

    /** Records per second of {@code records} records of {@code valueBytes} bytes, acks=all, until all are acknowledged. */
    public static double recordsPerSecond(KafkaSettings kafka, String topic, int records, int valueBytes) {
        // A fresh topic with leaders in place: producing while leadership settles makes the idempotent producer
        // retry for a long time and would measure that instead.
        TopicProvisioner.create(kafka, List.of(new NewTopic(topic, BenchmarkKafka.PARTITIONS, (short) 1)), Duration.ofSeconds(30));
        byte[] value = new byte[valueBytes];
        Arrays.fill(value, (byte) 'x');
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producer("baseline"),
                new StringSerializer(), new ByteArraySerializer())) {
            // Warm-up, not timed: a new partition's leader may still refuse the first produce for a moment.
            for (int p = 0; p < BenchmarkKafka.PARTITIONS; p++) {
                producer.send(new ProducerRecord<>(topic, p, "warm-up", value));
            }
            producer.flush();
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, "baseline:" + i, value));
            }
            producer.flush();
            return records / ((System.nanoTime() - start) / 1e9);
        }
    }
}
