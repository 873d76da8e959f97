package org.ftp2sms.splitter;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.testkit.TestKafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A topic's committed records (read_committed) from the beginning or from offsets noted earlier: keys without
 * decoding values, or values from a point on, cheap enough on topics holding other tests' 200 000 rows.
 */
final class CommittedKeys {
    private CommittedKeys() {
    }

    static List<String> now(KafkaSettings kafka, String topic, Predicate<String> keyFilter) {
        return since(kafka, topic, Map.of(), keyFilter);
    }

    /** The committed end of each partition of {@code topic} now: pass it to {@link #since} later. */
    static Map<TopicPartition, Long> ends(KafkaSettings kafka, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(kafka)) {
            return consumer.endOffsets(partitions(consumer, topic));
        }
    }

    /** Like {@link #now}, from {@code start} (partitions missing there: from the beginning). */
    static List<String> since(KafkaSettings kafka, String topic, Map<TopicPartition, Long> start, Predicate<String> keyFilter) {
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(kafka)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            start.forEach(consumer::seek);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.key() != null && keyFilter.test(record.key())) {
                        keys.add(record.key());
                    }
                }
            }
        }
        return keys;
    }

    /** Up to {@code count} committed values matching {@code filter}, read from {@code start}, waiting up to {@code timeout}. */
    static <T> List<T> valuesSince(KafkaSettings kafka, String topic, Class<T> type, Map<TopicPartition, Long> start,
                                   Predicate<T> filter, int count, Duration timeout) {
        List<T> values = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(kafka)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            start.forEach(consumer::seek);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    T value = JsonSerde.of(type).deserializer().deserialize(topic, record.value());
                    if (value != null && filter.test(value)) {
                        values.add(value);
                    }
                }
            }
        }
        return values;
    }

    private static KafkaConsumer<String, byte[]> consumer(KafkaSettings kafka) {
        return new KafkaConsumer<>(kafka.viewer(TestKafka.unique("keys")), new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }
}
