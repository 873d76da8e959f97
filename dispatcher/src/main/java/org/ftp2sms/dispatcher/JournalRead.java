package org.ftp2sms.dispatcher;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.service.KafkaSettings;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One read of the submission journal ({@code ftp2sms.smsc-submissions}) outside any group: every partition from a
 * starting point up to the end it had when the read began, each record given to the caller, within a time bound.
 * Whole at start ({@link SubmissionJournal#load}) or since a time ({@link JournalSince}).
 */
final class JournalRead {
    private JournalRead() {}

    /** Every record of the journal. */
    static void whole(
            KafkaSettings kafka,
            String clientId,
            Duration timeout,
            java.util.function.Consumer<ConsumerRecord<String, byte[]>> each) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.viewer(clientId))) {
            List<TopicPartition> partitions = partitions(consumer, timeout);
            read(
                    consumer,
                    consumer.beginningOffsets(partitions, timeout),
                    consumer.endOffsets(partitions, timeout),
                    timeout,
                    each);
        }
    }

    /** The records of the journal stamped at or after {@code from} (Kafka's time index), and all that follow them. */
    static void since(
            KafkaSettings kafka,
            String clientId,
            Instant from,
            Duration timeout,
            java.util.function.Consumer<ConsumerRecord<String, byte[]>> each) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.viewer(clientId))) {
            List<TopicPartition> partitions = partitions(consumer, timeout);
            Map<TopicPartition, Long> starts = new HashMap<>();
            consumer.offsetsForTimes(
                            partitions.stream().collect(Collectors.toMap(p -> p, p -> from.toEpochMilli())), timeout)
                    .forEach((p, start) -> {
                        if (start != null) {
                            starts.put(p, start.offset());
                        }
                    });
            read(consumer, starts, consumer.endOffsets(partitions, timeout), timeout, each);
        }
    }

    private static List<TopicPartition> partitions(Consumer<?, ?> consumer, Duration timeout) {
        return consumer.partitionsFor(Topics.SMSC_SUBMISSIONS, timeout).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
    }

    /** Reads each partition of {@code starts} from its start to its end in {@code ends}; one without a start is not read. */
    private static void read(
            Consumer<String, byte[]> consumer,
            Map<TopicPartition, Long> starts,
            Map<TopicPartition, Long> ends,
            Duration timeout,
            java.util.function.Consumer<ConsumerRecord<String, byte[]>> each) {
        Map<TopicPartition, Long> remaining = new HashMap<>();
        starts.forEach((p, start) -> {
            if (start < ends.get(p)) {
                remaining.put(p, ends.get(p));
            }
        });
        consumer.assign(remaining.keySet());
        remaining.keySet().forEach(p -> consumer.seek(p, starts.get(p)));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!remaining.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cannot read " + Topics.SMSC_SUBMISSIONS + " within " + timeout);
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                each.accept(record);
            }
            remaining.keySet().removeIf(p -> consumer.position(p) >= remaining.get(p));
        }
    }
}
