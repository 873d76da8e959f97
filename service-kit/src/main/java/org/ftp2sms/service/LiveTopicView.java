package org.ftp2sms.service;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.JsonSerde;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The latest value per key of a whole topic, kept live by a background consumer outside any consumer group
 * (every instance sees every key). A null value (tombstone) removes the key. This is how each stage sees the
 * compacted connectors topic, and how connector-admin answers for the latest ingestion report of a file.
 *
 * <p>A record it cannot read (not JSON, the wrong shape, no key) is skipped: one log line and a metric
 * ({@link Unreadable}), and the raw record goes to {@link Topics#DEAD_LETTERS}; the view goes on and stays healthy.
 * The record stays on its topic, so every restart meets it again and sets it aside again; a later valid record of
 * the same key replaces it (and compaction then removes it).
 */
public final class LiveTopicView<V> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveTopicView.class);

    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<V> valueDeserializer;
    private final KafkaSettings kafka;
    private final String clientId;
    private final AtomicLong unreadable = new AtomicLong();
    private KafkaProducer<String, byte[]> deadLetters;
    private final Map<String, V> values = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final List<BiConsumer<String, V>> listeners = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;
    private volatile Throwable failure;

    public LiveTopicView(KafkaSettings kafka, String topic, Class<V> type, String clientId) {
        this.topic = topic;
        this.kafka = kafka;
        this.clientId = clientId;
        this.valueDeserializer = JsonSerde.of(type).deserializer();
        this.consumer = new KafkaConsumer<>(kafka.viewer(clientId), new StringDeserializer(), new ByteArrayDeserializer());
        this.poller = new Thread(this::pollLoop, "view-" + topic);
        this.poller.setDaemon(true);
    }

    /** Assigns every partition from the beginning and starts following; returns once caught up to the current end. */
    public LiveTopicView<V> start(Duration catchUpTimeout) throws TimeoutException, InterruptedException {
        Map<TopicPartition, Long> end;
        try {
            List<TopicPartition> partitions = partitionsOf(catchUpTimeout);
            end = consumer.endOffsets(partitions, catchUpTimeout);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        } catch (TimeoutException | InterruptedException | RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
        poller.start();
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            awaitPosition(e.getKey().partition(), e.getValue(), catchUpTimeout);
        }
        return this;
    }

    public Optional<V> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public Collection<V> values() {
        return values.values();
    }

    /** Called on the view's thread for every change after it is applied; {@code value} is null for a removal. */
    public void onChange(BiConsumer<String, V> listener) {
        listeners.add(listener);
    }

    /** Waits until the view has applied the record at {@code offset} of {@code partition} (read-your-writes). */
    public void awaitPosition(int partition, long offset, Duration timeout) throws TimeoutException, InterruptedException {
        TopicPartition tp = new TopicPartition(topic, partition);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (positions.getOrDefault(tp, 0L) < offset) {
            if (failure != null) {
                throw new IllegalStateException("view of " + topic + " stopped", failure);
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("view of " + topic + " did not reach offset " + offset + " of partition " + partition);
            }
            Thread.sleep(5);
        }
    }

    public boolean isHealthy() {
        return running && failure == null;
    }

    /** Records skipped because they could not be read, since start. */
    public long unreadable() {
        return unreadable.get();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<TopicPartition> partitionsOf(Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("topic " + topic + " does not exist");
            }
            Thread.sleep(100);
        }
    }

    private void pollLoop() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, byte[]> record : records) {
                    apply(record);
                }
                for (TopicPartition tp : consumer.assignment()) {
                    positions.put(tp, consumer.position(tp));
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
            log.error("view of {} stopped: {}", topic, e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
            if (deadLetters != null) {
                deadLetters.close(Duration.ofSeconds(2));
            }
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            setAside(record, "no key");
            return;
        }
        V value;
        try {
            value = record.value() == null ? null : valueDeserializer.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            setAside(record, Unreadable.reasonOf(e));
            return;
        }
        if (value == null) {
            values.remove(record.key());
        } else {
            values.put(record.key(), value);
        }
        for (BiConsumer<String, V> listener : listeners) {
            try {
                listener.accept(record.key(), value);
            } catch (RuntimeException e) {
                log.warn("listener of {} failed for key {}: {}", topic, record.key(), e.toString());
            }
        }
    }

    /** Skips a record with a log line and a metric and keeps it on the dead-letter topic; never throws. */
    private void setAside(ConsumerRecord<String, byte[]> record, String reason) {
        unreadable.incrementAndGet();
        Unreadable skipped = new Unreadable(record.topic(), record.partition(), record.offset(), clientId, reason).report();
        try {
            if (deadLetters == null) {
                // Created at the first unreadable record only: a healthy topic costs no producer.
                deadLetters = new KafkaProducer<>(kafka.producer(clientId + "-dead-letters"));
            }
            deadLetters.send(DeadLetters.of(skipped, record.key(), record.value()), (metadata, e) -> {
                if (e != null) {
                    log.warn("could not keep the unreadable record {}-{}@{} on {}: {}", record.topic(),
                            record.partition(), record.offset(), Topics.DEAD_LETTERS, e.toString());
                }
            });
        } catch (RuntimeException e) {
            log.warn("could not keep the unreadable record {}-{}@{} on {}: {}", record.topic(), record.partition(),
                    record.offset(), Topics.DEAD_LETTERS, e.toString());
        }
    }
}
