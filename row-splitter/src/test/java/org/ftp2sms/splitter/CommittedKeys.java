package org.ftp2sms.splitter;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.testkit.TestKafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The keys of a topic's committed records (read_committed, from the beginning to the current end), without decoding
 * values: cheap enough to check "nothing else was published" on topics holding other tests' 200 000 rows.
 */
final class CommittedKeys {
    private CommittedKeys() {
    }

    static List<String> now(KafkaSettings kafka, String topic, Predicate<String> keyFilter) {
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.viewer(TestKafka.unique("keys")),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
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
}
