package org.ftp2sms.service.worker;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.ftp2sms.service.KafkaSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * At-least-once work that finishes asynchronously and out of order (a webhook call, an SMPP submit): records are
 * handed to the {@link AtLeastOnceHandler}, which settles them when done; after each poll the worker commits, per
 * partition, only below the lowest unsettled offset ({@link InOrderOffsets}), so a restart or a rebalance hands
 * again what was in flight, never loses it. Reading pauses while more than {@code maxUnsettled} records are
 * unsettled (bounded memory) and resumes below it.
 *
 * <p>Failures follow the {@link Supervisor}: a handler that throws, or any client error, ends the session: what is
 * settled is committed and new clients start after a backoff. Records still in flight at the stage are not read
 * again: the new consumer resumes each partition where the old one stopped reading (the record the handler threw on
 * included), unless the partition's committed offset moved meanwhile (another instance had it), when it resumes
 * from the committed offset. A record the handler threw on {@link Supervision#attemptsBeforeRefusing()} times is
 * refused and settled.
 */
public final class AtLeastOnceWorker extends SupervisedWorker {
    private static final Logger log = LoggerFactory.getLogger(AtLeastOnceWorker.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * How often what settled is committed while running (and always on a revocation or close): a synchronous commit
     * after every poll cost the broker's group coordinator a request per poll. After a crash, at most this much
     * more is handled again, which at-least-once allows.
     */
    static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);

    private final ClientSpec spec;
    private final KafkaClients clients;
    private final AtLeastOnceHandler handler;
    private final int maxUnsettled;
    private final InOrderOffsets offsets = new InOrderOffsets();

    public AtLeastOnceWorker(
            String name,
            String metricsStage,
            ClientSpec spec,
            KafkaClients clients,
            int maxUnsettled,
            AtLeastOnceHandler handler,
            Supervision supervision,
            MeterRegistry registry) {
        super(name, metricsStage, supervision, registry);
        this.spec = spec;
        this.clients = clients;
        this.maxUnsettled = maxUnsettled;
        this.handler = handler;
    }

    @Override
    Session newSession() {
        return new ClientsSession();
    }

    /** Where the stage settles what it handled. */
    public InOrderOffsets offsets() {
        return offsets;
    }

    private final class ClientsSession extends ConsumerSession {
        /** Set while this session's consumer closes: its partitions' progress outlives it, for the next session. */
        private volatile boolean ending;
        private Instant lastCommit = Instant.MIN;

        ClientsSession() {
            super(name);
        }

        @Override
        public void open() {
            Consumer<String, byte[]> created = clients.consumer(spec.consumerConfig());
            consumer = created;
            resources.onClose("consumer", () -> {
                try {
                    commitEvenIfWokenUp(offsets.partitions());
                } catch (KafkaException e) {
                    log.warn(
                            "{}: last offsets not committed, their records will be handled again: {}",
                            name,
                            e.getClass().getSimpleName());
                } finally {
                    ending = true;
                    created.close(KafkaSettings.leavingGroup(CLOSE_TIMEOUT));
                }
            });
            created.subscribe(spec.topics(), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    commit(partitions);
                    if (!ending) {
                        offsets.forget(partitions);
                    }
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    resumeWhereReadingStopped(partitions);
                }
            });
        }

        @Override
        public void runOnce() {
            Consumer<String, byte[]> c = consumer;
            ConsumerRecords<String, byte[]> records = c.poll(POLL);
            for (TopicPartition partition : records.partitions()) {
                for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                    offsets.read(partition, record.offset());
                    if (handleOne(record)) {
                        offsets.settled(partition, record.offset());
                    }
                }
            }
            Instant now = supervision.clock().instant();
            if (!now.isBefore(lastCommit.plus(COMMIT_INTERVAL))) {
                commit(c.assignment());
                lastCommit = now;
            }
            if (offsets.unsettled() > maxUnsettled) {
                c.pause(c.assignment());
            } else if (!c.paused().isEmpty()) {
                c.resume(c.paused());
            }
        }

        /** Partitions an earlier session followed resume at its next offset, if nobody committed them meanwhile. */
        private void resumeWhereReadingStopped(Collection<TopicPartition> assigned) {
            Set<TopicPartition> followed = new HashSet<>();
            for (TopicPartition partition : assigned) {
                if (offsets.next(partition) >= 0) {
                    followed.add(partition);
                }
            }
            if (followed.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(followed);
            for (TopicPartition partition : followed) {
                OffsetAndMetadata now = committed.get(partition);
                long ours = offsets.committed(partition);
                if (now == null ? ours < 0 : now.offset() == ours) {
                    consumer.seek(partition, offsets.next(partition));
                } else {
                    offsets.forget(List.of(partition));
                }
            }
        }

        /** True when the record is settled now. */
        private boolean handleOne(ConsumerRecord<String, byte[]> record) {
            return underPolicy(
                    record,
                    () -> handler.handle(record),
                    cause -> handler.refuse(record, cause),
                    () -> offsets.unread(new TopicPartition(record.topic(), record.partition()), record.offset()));
        }

        /** A wakeup meant for the last poll may still be pending: it must not cost the last commit. */
        private void commitEvenIfWokenUp(Collection<TopicPartition> partitions) {
            try {
                commit(partitions);
            } catch (WakeupException e) {
                commit(partitions);
            }
        }

        private void commit(Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> committable = offsets.committable(partitions);
            if (!committable.isEmpty()) {
                consumer.commitSync(committable);
            }
        }
    }
}
