package org.ftp2sms.testkit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.service.DeadLetters;
import org.ftp2sms.service.KafkaSettings;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
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

    /** Every committed record of {@code topic} there now, as raw bytes with its headers, tombstones included. */
    public List<ConsumerRecord<byte[], byte[]>> recordsNow(String topic) {
        return recordsNow(List.of(topic));
    }

    /** The same for several topics at once, through one consumer (a consumer per topic costs a second each). */
    public List<ConsumerRecord<byte[], byte[]>> recordsNow(Collection<String> topics) {
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.viewer(TestKafka.unique("raw-reader")),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = topics.stream().flatMap(topic -> consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                consumer.poll(Duration.ofMillis(100)).forEach(all::add);
            }
        }
        return all;
    }

    /** The records on {@code ftp2sms.dead-letters} that came from that record, whoever set them aside. */
    public List<ConsumerRecord<byte[], byte[]>> deadLettersOf(String topic, int partition, long offset) {
        return recordsNow(Topics.DEAD_LETTERS).stream()
                .filter(r -> topic.equals(header(r, DeadLetters.ORIGIN_TOPIC))
                        && String.valueOf(partition).equals(header(r, DeadLetters.ORIGIN_PARTITION))
                        && String.valueOf(offset).equals(header(r, DeadLetters.ORIGIN_OFFSET)))
                .toList();
    }

    /** The last value of a header as UTF-8 text, or null. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private <T> KafkaConsumer<String, T> open(String topic, Class<T> type) {
        // Attack tests write garbage on the shared topics: a reader looking for its own values skips it (null).
        Deserializer<T> json = JsonSerde.of(type).deserializer();
        Deserializer<T> lenient = (t, bytes) -> {
            try {
                return json.deserialize(t, bytes);
            } catch (RuntimeException e) {
                return null;
            }
        };
        KafkaConsumer<String, T> consumer = new KafkaConsumer<>(kafka.viewer(TestKafka.unique("test-reader")),
                new StringDeserializer(), lenient);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }
}
