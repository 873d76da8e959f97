package org.ftp2sms.testkit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.service.KafkaSettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Reads a topic's committed values from the beginning, as an internal team's consumer would (read_committed). */
public final class TopicReader {
    private final KafkaSettings kafka;

    public TopicReader(KafkaSettings kafka) {
        this.kafka = kafka;
    }

    /**
     * Reads until {@code count} values matching {@code filter} are seen or {@code timeout} passes; returns what
     * matched, in partition-then-offset order.
     */
    public <T> List<T> awaitValues(String topic, Class<T> type, Predicate<T> filter, int count, Duration timeout) {
        List<T> matched = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer = open(topic, type)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (matched.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, T> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.value() != null && filter.test(record.value())) {
                        matched.add(record.value());
                    }
                }
            }
        }
        return matched;
    }

    /** Every committed value matching {@code filter} that is there now (reads to the current end). */
    public <T> List<T> valuesNow(String topic, Class<T> type, Predicate<T> filter) {
        List<T> matched = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer = open(topic, type)) {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<String, T> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.value() != null && filter.test(record.value())) {
                        matched.add(record.value());
                    }
                }
            }
        }
        return matched;
    }

    private <T> KafkaConsumer<String, T> open(String topic, Class<T> type) {
        KafkaConsumer<String, T> consumer = new KafkaConsumer<>(kafka.viewer(TestKafka.unique("test-reader")),
                new StringDeserializer(), JsonSerde.of(type).deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }
}
