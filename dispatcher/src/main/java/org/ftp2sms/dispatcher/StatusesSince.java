package org.ftp2sms.dispatcher;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.service.KafkaSettings;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The message ids of the statuses written to {@code ftp2sms.statuses} since a time, read from their keys (a status is
 * keyed by its message id; nothing is parsed): what a dispatcher taking partitions over must not submit again.
 * Reads each partition from its first record at or after the time (Kafka's time index) up to its end when asked.
 */
final class StatusesSince implements DispatchLoop.SubmittedMessages {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private final KafkaSettings kafka;
    private final String clientId;

    StatusesSince(KafkaSettings kafka, String clientId) {
        this.kafka = kafka;
        this.clientId = clientId;
    }

    @Override
    public Set<String> since(Instant from) {
        Set<String> ids = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.viewer(clientId))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.STATUSES, TIMEOUT).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(
                    partitions.stream().collect(Collectors.toMap(p -> p, p -> from.toEpochMilli())), TIMEOUT);
            Map<TopicPartition, Long> remaining = new HashMap<>();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            starts.forEach((p, start) -> {
                if (start != null && start.offset() < ends.get(p)) {
                    remaining.put(p, ends.get(p));
                }
            });
            consumer.assign(remaining.keySet());
            remaining.keySet().forEach(p -> consumer.seek(p, starts.get(p).offset()));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!remaining.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "cannot read " + Topics.STATUSES + " since " + from + " within " + TIMEOUT);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null) {
                        ids.add(record.key());
                    }
                }
                remaining.keySet().removeIf(p -> consumer.position(p) >= remaining.get(p));
            }
        }
        return ids;
    }
}
