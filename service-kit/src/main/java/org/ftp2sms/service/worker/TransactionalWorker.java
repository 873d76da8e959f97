package org.ftp2sms.service.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.ftp2sms.service.KafkaSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Consume-transform-produce exactly once: each poll batch is handed record by record to the stage's
 * {@link TransactionalHandler}, whose outputs go into a transaction committed with the consumed offsets
 * ({@code sendOffsetsToTransaction}); a batch is one transaction, or several when {@link TransactionLimits} cut it.
 * Consumers read committed records only and are static group members ({@link ClientSpec}).
 *
 * <p>Failures: an abortable client error aborts and rewinds to the last committed offsets (a transaction holding one
 * record whose outputs cannot be written, too large, refuses that record instead); a fatal one (fenced,
 * unauthorised...) or a handler that throws ends the session: the {@link Supervisor} closes the clients and starts
 * new ones after a backoff. A record the handler threw on {@link Supervision#attemptsBeforeRefusing()} times is
 * refused ({@link TransactionalHandler#refuse}) and the worker moves on.
 */
public final class TransactionalWorker extends SupervisedWorker {
    private static final Logger log = LoggerFactory.getLogger(TransactionalWorker.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final ClientSpec spec;
    private final KafkaClients clients;
    private final TransactionLimits limits;
    private final TransactionalHandler handler;
    private final LongSupplier nanoTime;
    private final Counter aborted;

    public TransactionalWorker(
            String name,
            String metricsStage,
            ClientSpec spec,
            KafkaClients clients,
            TransactionLimits limits,
            TransactionalHandler handler,
            Supervision supervision,
            MeterRegistry registry) {
        this(name, metricsStage, spec, clients, limits, handler, supervision, registry, System::nanoTime);
    }

    /** @param nanoTime tells when a transaction's {@link TransactionLimits#timeBudget()} is spent */
    public TransactionalWorker(
            String name,
            String metricsStage,
            ClientSpec spec,
            KafkaClients clients,
            TransactionLimits limits,
            TransactionalHandler handler,
            Supervision supervision,
            MeterRegistry registry,
            LongSupplier nanoTime) {
        super(name, metricsStage, supervision, registry);
        this.spec = spec;
        this.clients = clients;
        this.limits = limits;
        this.handler = handler;
        this.nanoTime = nanoTime;
        this.aborted = Counter.builder(metricName(metricsStage, "aborted"))
                .tag("worker", name)
                .description("transactions aborted and read again")
                .register(registry);
    }

    @Override
    Session newSession() {
        return new ClientsSession();
    }

    static boolean isFatal(KafkaException e) {
        return e instanceof ProducerFencedException
                || e instanceof InvalidProducerEpochException
                || e instanceof OutOfOrderSequenceException
                || e instanceof AuthorizationException
                || e instanceof UnsupportedVersionException;
    }

    /** The outputs themselves cannot be written: retrying would fail the same way. */
    static boolean isRecordSpecific(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof SerializationException) {
                return true;
            }
        }
        return false;
    }

    /**
     * A client call made for the handler failed: the client's fault, not the record's. A {@link KafkaException}, so
     * that a handler rethrowing Kafka errors rethrows it.
     */
    private static final class ClientFailed extends KafkaException {
        ClientFailed(KafkaException cause) {
            super(cause);
        }

        KafkaException kafka() {
            return (KafkaException) getCause();
        }
    }

    private final class ClientsSession extends ConsumerSession implements Transaction {
        private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
        private final Map<TopicPartition, Long> committedInBatch = new HashMap<>();
        private Producer<String, byte[]> producer;
        private boolean inTransaction;
        private int recordsInTransaction;
        private ConsumerRecord<String, byte[]> firstOfTransaction;
        private long transactionStarted;

        ClientsSession() {
            super(name);
        }

        @Override
        public void open() {
            Consumer<String, byte[]> created = clients.consumer(spec.consumerConfig());
            consumer = created;
            // Leaves the group: as a static member it would otherwise hold its partitions for the session timeout.
            resources.onClose("consumer", () -> created.close(KafkaSettings.leavingGroup(CLOSE_TIMEOUT)));
            Producer<String, byte[]> createdProducer = clients.producer(spec.producerConfig());
            producer = createdProducer;
            // Closing aborts an open transaction: its records are read again by whoever gets the partitions.
            resources.onClose("producer", () -> createdProducer.close(CLOSE_TIMEOUT));
            producer.initTransactions();
            consumer.subscribe(spec.topics(), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    log.info("{} partitions revoked: {}", name, partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    log.info("{} partitions assigned: {}", name, partitions);
                }
            });
        }

        @Override
        public void runOnce() {
            ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
            if (records.isEmpty()) {
                return;
            }
            handler.batchStarted();
            committedInBatch.clear();
            try {
                for (TopicPartition partition : records.partitions()) {
                    long next = -1;
                    for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                        if (inTransaction && isDue()) {
                            if (next >= 0) {
                                pending.put(partition, new OffsetAndMetadata(next));
                            }
                            commit();
                        }
                        if (!inTransaction) {
                            begin(record);
                        }
                        handleOne(record);
                        next = record.offset() + 1;
                        recordsInTransaction++;
                    }
                    pending.put(partition, new OffsetAndMetadata(next));
                }
                if (inTransaction) {
                    commit();
                }
            } catch (ClientFailed e) {
                abortable(e.kafka(), records);
            } catch (RetryLater e) {
                abortQuietly();
                rewind(records);
                log.warn("{} will retry a record after a pause: {}", name, e.getMessage());
                supervisor.pause(supervision.backoff().first());
            } catch (WakeupException | InterruptException | HandlerFailed e) {
                abortQuietly();
                throw e;
            } catch (KafkaException e) {
                abortable(e, records);
            }
        }

        private boolean isDue() {
            return recordsInTransaction >= limits.maxRecords()
                    || nanoTime.getAsLong() - transactionStarted
                            >= limits.timeBudget().toNanos();
        }

        private void begin(ConsumerRecord<String, byte[]> first) {
            producer.beginTransaction();
            inTransaction = true;
            recordsInTransaction = 0;
            firstOfTransaction = first;
            transactionStarted = nanoTime.getAsLong();
        }

        private void handleOne(ConsumerRecord<String, byte[]> record) {
            int attempts = attempts(record);
            if (isToRefuse(attempts)) {
                Throwable cause = lastFailure(record);
                handler.refuse(record, this, cause);
                refused(record, cause, "the handler failed on it " + attempts + " times");
                return;
            }
            try {
                supervision.hook().beforeHandling(record);
                handler.handle(record, this);
            } catch (ClientFailed | WakeupException | InterruptException | RetryLater e) {
                throw e;
            } catch (KafkaException e) {
                if (isFatal(e)) {
                    throw e;
                }
                throw handlerFailed(record, e);
            } catch (RuntimeException e) {
                throw handlerFailed(record, e);
            }
            handled(record, attempts);
        }

        private void commit() {
            producer.sendOffsetsToTransaction(pending, consumer.groupMetadata());
            producer.commitTransaction();
            inTransaction = false;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> done : pending.entrySet()) {
                committedInBatch.put(done.getKey(), done.getValue().offset());
            }
            pending.clear();
            handler.committed();
        }

        /** Aborts; a lone record whose outputs cannot be written is refused, anything else is read again. */
        private void abortable(KafkaException e, ConsumerRecords<String, byte[]> records) {
            if (isFatal(e)) {
                throw e;
            }
            boolean lone = inTransaction && recordsInTransaction <= 1;
            ConsumerRecord<String, byte[]> first = firstOfTransaction;
            abort();
            aborted.increment();
            if (lone && first != null && isRecordSpecific(e)) {
                begin(first);
                handler.refuse(first, this, e);
                refused(first, e, "its outputs cannot be written");
                pending.put(
                        new TopicPartition(first.topic(), first.partition()),
                        new OffsetAndMetadata(first.offset() + 1));
                commit();
            } else {
                log.warn(
                        "{} aborted a transaction, its records are read again: {}",
                        name,
                        e.getClass().getSimpleName());
            }
            rewind(records);
        }

        private void abort() {
            pending.clear();
            if (inTransaction) {
                inTransaction = false;
                producer.abortTransaction();
                handler.aborted();
            }
        }

        private void abortQuietly() {
            try {
                abort();
            } catch (RuntimeException e) {
                // The session ends anyway: closing the producer aborts what is open.
                log.debug("{} could not abort: {}", name, e.toString());
            }
        }

        /** Back to the first offsets not committed: that part of the batch is read again. */
        private void rewind(ConsumerRecords<String, byte[]> records) {
            for (TopicPartition partition : records.partitions()) {
                if (consumer.assignment().contains(partition)) {
                    Long done = committedInBatch.get(partition);
                    consumer.seek(
                            partition,
                            done != null
                                    ? done
                                    : records.records(partition).get(0).offset());
                }
            }
        }

        @Override
        public void send(ProducerRecord<String, byte[]> record) {
            try {
                producer.send(record);
            } catch (KafkaException e) {
                throw new ClientFailed(e);
            }
        }

        @Override
        public void send(ProducerRecord<String, byte[]> record, Callback callback) {
            try {
                producer.send(record, callback);
            } catch (KafkaException e) {
                throw new ClientFailed(e);
            }
        }

        @Override
        public void discard() {
            if (recordsInTransaction > 0) {
                throw new IllegalStateException(
                        "the transaction holds earlier records: only a per-record transaction can be discarded");
            }
            try {
                producer.abortTransaction();
                producer.beginTransaction();
            } catch (KafkaException e) {
                inTransaction = false;
                throw new ClientFailed(e);
            }
        }

        @Override
        public Map<TopicPartition, Long> endOffsets(String topic) {
            try {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
                return consumer.endOffsets(partitions);
            } catch (WakeupException | InterruptException e) {
                throw e;
            } catch (KafkaException e) {
                throw new ClientFailed(e);
            }
        }
    }
}
