package org.ftp2sms.dispatcher;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.RecipientKey;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.JsonSerde;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ready topic as Kafka serves it: records by partition (by key, as the producer spreads them), read from
 * each partition's position, at most 500 a poll, none from a paused partition, seeks honoured; commits kept.
 */
final class PartitionLog extends MockConsumer<String, byte[]> {
    private final Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> log = new HashMap<>();
    private final AtomicLong longestMetadata = new AtomicLong();
    private boolean assigned;

    /** A crash: the dead instance's commits, sent or not, never reach the broker. */
    volatile boolean refuseCommits;

    private final Map<TopicPartition, OffsetAndMetadata> committedBefore;

    PartitionLog(List<Message> messages, int partitions) {
        this(messages, partitions, Map.of());
    }

    /** @param committedBefore a previous owner's commits: read from there, their metadata seen by the new owner */
    PartitionLog(List<Message> messages, int partitions, Map<TopicPartition, OffsetAndMetadata> committedBefore) {
        super("earliest");
        this.committedBefore = Map.copyOf(committedBefore);
        Map<TopicPartition, Long> beginnings = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            TopicPartition tp = new TopicPartition(Topics.MESSAGES_READY, p);
            log.put(tp, new ArrayList<>());
            beginnings.put(
                    tp,
                    committedBefore.containsKey(tp) ? committedBefore.get(tp).offset() : 0L);
        }
        for (Message m : messages) {
            String key = RecipientKey.of(m.connectorId(), m.phone());
            TopicPartition tp = new TopicPartition(Topics.MESSAGES_READY, Math.floorMod(key.hashCode(), partitions));
            List<ConsumerRecord<String, byte[]>> records = log.get(tp);
            records.add(new ConsumerRecord<>(
                    tp.topic(),
                    tp.partition(),
                    records.size(),
                    key,
                    JsonSerde.of(Message.class).serializer().serialize(tp.topic(), m)));
        }
        updateBeginningOffsets(beginnings);
        updateEndOffsets(ends());
    }

    @Override
    public synchronized ConsumerRecords<String, byte[]> poll(Duration timeout) {
        if (!assigned) {
            assigned = true;
            rebalance(log.keySet()); // calls the loop's listener
        }
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> batch = new HashMap<>();
        int budget = 500;
        for (TopicPartition tp : assignment()) {
            if (paused().contains(tp) || budget == 0) {
                continue;
            }
            List<ConsumerRecord<String, byte[]>> records = log.get(tp);
            int from = (int) position(tp);
            int to = Math.min(records.size(), from + budget);
            if (to > from) {
                batch.put(tp, new ArrayList<>(records.subList(from, to)));
                budget -= to - from;
                seek(tp, to);
            }
        }
        if (batch.isEmpty()) {
            try {
                Thread.sleep(Math.min(timeout.toMillis(), 2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new ConsumerRecords<>(batch, Map.of());
    }

    @Override
    public synchronized Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>(super.committed(partitions));
        partitions.stream()
                .filter(committedBefore::containsKey)
                .forEach(p -> committed.putIfAbsent(p, committedBefore.get(p)));
        return committed;
    }

    @Override
    public synchronized void commitAsync(
            Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
        if (!refuseCommits) {
            measure(offsets);
            super.commitAsync(offsets, callback);
        }
    }

    @Override
    public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (!refuseCommits) {
            measure(offsets);
            super.commitSync(offsets);
        }
    }

    private void measure(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.values()
                .forEach(o -> longestMetadata.accumulateAndGet(o.metadata().length(), Math::max));
    }

    long longestMetadata() {
        return longestMetadata.get();
    }

    synchronized Map<TopicPartition, Long> committedEnds() {
        Map<TopicPartition, Long> ends = new HashMap<>();
        committed(log.keySet()).forEach((tp, o) -> ends.put(tp, o == null ? 0L : o.offset()));
        return ends;
    }

    Map<TopicPartition, Long> ends() {
        Map<TopicPartition, Long> ends = new HashMap<>();
        log.forEach((tp, records) -> ends.put(tp, (long) records.size()));
        return ends;
    }
}
