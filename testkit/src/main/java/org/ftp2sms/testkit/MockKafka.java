package org.ftp2sms.testkit;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ftp2sms.service.worker.KafkaClients;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * A broker for unit tests, behind the {@link KafkaClients} a worker takes: topics are in-memory logs, every
 * consumer the worker creates is a {@link MockConsumer} assigned all partitions of what it subscribes to and
 * positioned at the group's committed offsets, every producer a {@link MockProducer} whose committed transactions
 * (records and consumed offsets) land here. A worker restarting its clients therefore resumes from what it committed.
 */
public final class MockKafka implements KafkaClients {
    private final Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> logs = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final List<ProducerRecord<String, byte[]>> output = new ArrayList<>();
    private final List<FakeConsumer> consumers = new ArrayList<>();
    private final List<FakeProducer> producers = new ArrayList<>();

    /** Appends a record to a topic's partition; consumers see it at their next poll. */
    public synchronized void append(String topic, int partition, String key, byte[] value) {
        TopicPartition tp = new TopicPartition(topic, partition);
        List<ConsumerRecord<String, byte[]>> log = logs.computeIfAbsent(tp, k -> new ArrayList<>());
        log.add(new ConsumerRecord<>(topic, partition, log.size(), key, value));
    }

    public void append(String topic, String key, byte[] value) {
        append(topic, 0, key, value);
    }

    /** Records of committed transactions, and of non-transactional sends, in order. */
    public synchronized List<ProducerRecord<String, byte[]>> output() {
        return List.copyOf(output);
    }

    public synchronized List<ProducerRecord<String, byte[]>> output(String topic) {
        return output.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    /** The group's committed offset of a partition (the next record to read), 0 when nothing was committed. */
    public synchronized long committed(String topic, int partition) {
        return committed.getOrDefault(new TopicPartition(topic, partition), 0L);
    }

    /** Sets the group's committed offset, as another member of the group would. */
    public synchronized void commit(String topic, int partition, long offset) {
        committed.put(new TopicPartition(topic, partition), offset);
    }

    /** How many consumers were created: one more after each restart of a worker's clients. */
    public synchronized int consumersCreated() {
        return consumers.size();
    }

    public synchronized List<MockProducer<String, byte[]>> producers() {
        return List.copyOf(producers);
    }

    /** The last producer created (the one a running worker uses). */
    public synchronized MockProducer<String, byte[]> producer() {
        return producers.get(producers.size() - 1);
    }

    @Override
    public synchronized Consumer<String, byte[]> consumer(Map<String, Object> config) {
        FakeConsumer consumer = new FakeConsumer();
        consumers.add(consumer);
        return consumer;
    }

    @Override
    public synchronized Producer<String, byte[]> producer(Map<String, Object> config) {
        FakeProducer producer = new FakeProducer();
        producers.add(producer);
        return producer;
    }

    private synchronized List<ConsumerRecord<String, byte[]>> from(TopicPartition tp, long offset) {
        List<ConsumerRecord<String, byte[]>> log = logs.getOrDefault(tp, List.of());
        return offset >= log.size() ? List.of() : List.copyOf(log.subList((int) offset, log.size()));
    }

    private synchronized List<TopicPartition> partitionsOf(Collection<String> topics) {
        return logs.keySet().stream().filter(tp -> topics.contains(tp.topic())).toList();
    }

    private synchronized void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, offset) -> committed.put(tp, offset.offset()));
    }

    private synchronized void published(List<ProducerRecord<String, byte[]>> records) {
        output.addAll(records);
    }

    private final class FakeConsumer extends MockConsumer<String, byte[]> {
        /** Per partition, the offset up to which records were handed to the mock since the last seek. */
        private final Map<TopicPartition, Long> fedUpTo = new HashMap<>();

        FakeConsumer() {
            super("earliest");
        }

        @Override
        public synchronized void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
            super.subscribe(topics, listener);
            List<TopicPartition> partitions = partitionsOf(topics);
            Map<TopicPartition, Long> beginning = new HashMap<>();
            Map<TopicPartition, OffsetAndMetadata> groupOffsets = new HashMap<>();
            for (TopicPartition tp : partitions) {
                beginning.put(tp, 0L);
                groupOffsets.put(tp, new OffsetAndMetadata(MockKafka.this.committed(tp.topic(), tp.partition())));
            }
            updateBeginningOffsets(beginning);
            // Positions start at the group's committed offsets, unless the listener seeks elsewhere.
            super.commitSync(groupOffsets);
            rebalance(partitions);
        }

        @Override
        public synchronized void seek(TopicPartition partition, long offset) {
            super.seek(partition, offset);
            fedUpTo.put(partition, offset);
        }

        @Override
        public synchronized ConsumerRecords<String, byte[]> poll(Duration timeout) {
            for (TopicPartition tp : assignment()) {
                if (paused().contains(tp)) {
                    continue;
                }
                long from = fedUpTo.containsKey(tp) ? fedUpTo.get(tp) : position(tp);
                for (ConsumerRecord<String, byte[]> record : from(tp, from)) {
                    addRecord(record);
                    from = record.offset() + 1;
                }
                fedUpTo.put(tp, from);
            }
            ConsumerRecords<String, byte[]> records = super.poll(timeout);
            if (records.isEmpty()) {
                // A real poll waits for records; a worker polling an empty mock would spin.
                LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
            }
            return records;
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            super.commitSync(offsets);
            MockKafka.this.commit(offsets);
        }

        @Override
        public synchronized List<PartitionInfo> partitionsFor(String topic) {
            return List.of(new PartitionInfo(topic, 0, null, null, null));
        }

        @Override
        public synchronized Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
            Map<TopicPartition, Long> ends = new HashMap<>();
            partitions.forEach(
                    tp -> ends.put(tp, (long) MockKafka.this.from(tp, 0).size()));
            return ends;
        }
    }

    private final class FakeProducer extends MockProducer<String, byte[]> {
        FakeProducer() {
            super(true, null, new StringSerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            boolean transactional = transactionInFlight();
            Future<RecordMetadata> sent = super.send(record, callback);
            if (!transactional) {
                published(List.of(record));
            }
            return sent;
        }

        @Override
        public void commitTransaction() {
            List<ProducerRecord<String, byte[]>> records = uncommittedRecords();
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            uncommittedOffsets().values().forEach(offsets::putAll);
            super.commitTransaction();
            published(records);
            commit(offsets);
        }
    }
}
