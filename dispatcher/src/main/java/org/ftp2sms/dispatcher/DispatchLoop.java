package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.service.Unreadable;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.service.worker.Session;
import org.ftp2sms.service.worker.SessionWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The poll thread: reads {@link Topics#MESSAGES_READY} ahead into the {@link FairScheduler} (a connector with
 * enough messages in memory has the rest dropped and read again later, so the partitions are read on for other
 * connectors), hands the scheduler's picks to submitter threads while the {@link OffsetTracker}'s window and a
 * bind's window have room, and commits what settled, asynchronously, once a second. A partition assigned reads
 * the submission journal written since its commit's time ({@link SubmittedMessages}) and skips the messages it
 * names: they were submitted after that commit.
 */
final class DispatchLoop implements Session, SessionWorker.RecordHandling {
    private static final Logger log = LoggerFactory.getLogger(DispatchLoop.class);
    private static final Duration IDLE_WAIT = Duration.ofMillis(200);
    /** While messages wait for room: how often new records are looked for (a settle wakes it at once). */
    private static final Duration BLOCKED_WAIT = Duration.ofMillis(50);
    /**
     * How often what settled is committed. A message leaves the window when it settles, not when a commit covers it
     * (that made the window wait on the group coordinator, one commit per five messages), so commits only bound
     * what is read again after a crash: the journal entries of a second or so.
     */
    static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);
    /** The journal read from this long before a commit's time: a broker's clock may stamp it (LogAppendTime). */
    static final Duration CLOCK_MARGIN = Duration.ofSeconds(10);
    /** Commits sent and not answered yet; each carries everything settled so far, so a later one stands for an earlier one. */
    static final int MAX_COMMITS_IN_FLIGHT = 3;

    private final Consumer<String, byte[]> consumer;
    private final OffsetTracker tracker;
    private final FairScheduler scheduler;
    private final Outlet outlet;
    private final Function<String, String> routeOf;
    private final BooleanSupplier closing;
    private final int buffer;
    private final int bufferPerConnector;
    private final MeterRegistry registry;
    private final EventPublisher publisher;
    private final Clock clock;
    private final SessionWorker worker;
    private final Counter errors;
    private final Deserializer<Message> messages = JsonSerde.of(Message.class).deserializer();
    private final Gauges gauges;
    private final SubmittedMessages submitted;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger held = new AtomicInteger();
    /** Poll thread only. */
    private int commitsInFlight;

    private long lastCommitNanos = System.nanoTime();
    /** Message ids journalled since an assigned partition's commit: submitted already, skipped once met. */
    private final Set<String> submittedSinceCommit = new HashSet<>();
    /**
     * The end, when the journal was read, of each partition assigned then. Once every record below it has been
     * handled, none of those ids can be met on it any more; once that holds for all, the ids are forgotten (most were
     * other partitions' or committed already, and would otherwise stay until the session ends).
     */
    private final Map<TopicPartition, Long> skipsUntil = new HashMap<>();

    /** Where messages go: the binds' room per route, and the submit. */
    interface Outlet {
        boolean hasRoom(String route);

        /** Submits {@code m} on a bind of its route; empty when none has room any more (it went down). */
        Optional<CompletableFuture<Void>> submit(ReadyMessage m);
    }

    /**
     * The stage's meters of the current session's state (a failed session is replaced by a new one, whose
     * state they then show): a gauge of the messages waiting per connector is registered once, on first sight.
     */
    static final class Gauges {
        private final MeterRegistry registry;
        private final Set<String> gauged = ConcurrentHashMap.newKeySet();
        private volatile DispatchLoop current;

        Gauges(MeterRegistry registry) {
            this.registry = registry;
            Gauge.builder("ftp2sms.dispatcher.window.in.use", this, g -> g.current == null ? 0 : g.current.inFlight.get())
                    .register(registry);
            Gauge.builder(
                            "ftp2sms.dispatcher.journalled.to.skip",
                            this,
                            g -> g.current == null ? 0 : g.current.toSkip())
                    .description("messages journalled as submitted since a commit, skipped if read again")
                    .register(registry);
        }

        /** Messages read and not settled yet in the current session. */
        int held() {
            DispatchLoop loop = current;
            return loop == null ? 0 : loop.held();
        }

        /** Wakes the current session's wait (a bind came up). */
        void wake() {
            DispatchLoop loop = current;
            if (loop != null) {
                loop.tracker.wake();
            }
        }

        private void connector(String connectorId) {
            if (gauged.size() < 100_000 && gauged.add(connectorId)) {
                Gauge.builder("ftp2sms.dispatcher.messages.waiting", this,
                        g -> g.current == null ? 0 : g.current.scheduler.waiting(connectorId))
                        .tag("connector", connectorId).register(registry);
            }
        }
    }

    /** The messages journalled as submitted since a time: read when partitions are assigned. */
    interface SubmittedMessages {
        Set<String> since(Instant from);
    }

    /**
     * @param routeOf   the route a destination phone takes
     * @param worker    the supervising worker: runs each record's handling under its failure policy
     * @param submitted the messages journalled since a commit, for the partitions assigned
     */
    DispatchLoop(
            Consumer<String, byte[]> consumer,
            OffsetTracker tracker,
            FairScheduler scheduler,
            Outlet outlet,
            Function<String, String> routeOf,
            BooleanSupplier closing,
            int buffer,
            int bufferPerConnector,
            MeterRegistry registry,
            EventPublisher publisher,
            Clock clock,
            SessionWorker worker,
            Gauges gauges,
            SubmittedMessages submitted) {
        this.consumer = consumer;
        this.tracker = tracker;
        this.scheduler = scheduler;
        this.outlet = outlet;
        this.routeOf = routeOf;
        this.closing = closing;
        this.buffer = buffer;
        this.bufferPerConnector = bufferPerConnector;
        this.registry = registry;
        this.publisher = publisher;
        this.clock = clock;
        this.worker = worker;
        this.gauges = gauges;
        this.submitted = submitted;
        this.errors = registry.counter("ftp2sms.dispatcher.errors");
    }

    /** Messages read and not settled yet: waiting here or being submitted. */
    int held() {
        return held.get() + inFlight.get();
    }

    @Override
    public void open() {
        gauges.current = this;
        consumer.subscribe(List.of(Topics.MESSAGES_READY), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                tracker.applySettled();
                commitSync(); // commit what is settled before another consumer takes over
                forget(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
                Map<TopicPartition, OffsetAndMetadata> timed = new HashMap<>();
                long since = Long.MAX_VALUE;
                for (TopicPartition p : partitions) {
                    tracker.assigned(p, consumer.position(p), committed.get(p));
                    OptionalLong from = OffsetTracker.submittedSince(committed.get(p));
                    if (from.isPresent()) {
                        since = Math.min(since, from.getAsLong());
                    } else {
                        timed.put(p, tracker.commitOf(p));
                    }
                }
                if (!timed.isEmpty()) {
                    // No commit says from when to read the journal yet: one before the first submit does.
                    consumer.commitSync(timed);
                    tracker.committed(timed);
                }
                if (since != Long.MAX_VALUE) {
                    Instant from = Instant.ofEpochMilli(since).minus(CLOCK_MARGIN);
                    Set<String> ids = submitted.since(from);
                    submittedSinceCommit.addAll(ids);
                    skipsUntil.putAll(consumer.endOffsets(partitions));
                    log.info(
                            "partitions {} assigned: {} messages journalled since {} (not submitted again)",
                            partitions,
                            ids.size(),
                            from);
                }
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                forget(partitions);
            }
        });
    }

    /** One turn: apply what settled, commit, rewind, dispatch, then read or wait. */
    @Override
    public void runOnce() {
        tracker.applySettled();
        forgetSkipsPassed();
        if (System.nanoTime() - lastCommitNanos >= COMMIT_INTERVAL.toNanos()) {
            commitAsync();
        }
        tracker.rewinds(c -> scheduler.waiting(c) <= bufferPerConnector / 2).forEach((partition, offset) -> {
            if (consumer.assignment().contains(partition)) {
                consumer.seek(partition, offset);
            }
        });
        dispatch();
        held.set(scheduler.size());
        pauseWhatIsReadFarEnough();
        if (scheduler.size() > 0) {
            // Messages wait for room: look for new records without blocking, then sleep until one settles.
            if (!take(consumer.poll(Duration.ZERO))) {
                Duration wait = scheduler
                        .nextDueIn()
                        .filter(d -> d.compareTo(BLOCKED_WAIT) < 0)
                        .orElse(BLOCKED_WAIT);
                try {
                    tracker.awaitSettled(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptException(e);
                }
            }
        } else {
            take(consumer.poll(IDLE_WAIT));
        }
    }

    @Override
    public void wakeup() {
        consumer.wakeup();
    }

    /**
     * Commits what settled and leaves the group. Messages still being submitted were not committed: the next session
     * (or owner) reads them again, so after a failure at most the window is submitted twice, as after a crash.
     */
    @Override
    public void close() {
        try {
            tracker.applySettled();
            commitSync();
        } catch (RuntimeException e) {
            log.debug("last commit on close failed: {}", e.toString());
        }
        try {
            consumer.close(KafkaSettings.leavingGroup(Duration.ofSeconds(5)));
        } catch (RuntimeException e) {
            log.warn("dispatcher consumer did not close cleanly: {}", e.toString());
        }
    }

    /** Takes what is new into the scheduler (or drops it to read again later); true when there were records. */
    private boolean take(ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            if (tracker.read(partition, record.offset())) {
                try {
                    worker.handle(record, this);
                } catch (RuntimeException e) {
                    tracker.failed(partition, record.offset()); // the session's last commit stays below it
                    throw e;
                }
            }
        }
        return !records.isEmpty();
    }

    /** A record read for the first time (or again): held for its turn, dropped to read later, or skipped. */
    @Override
    public void handle(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        String keyConnector = connectorOf(record.key());
        if (keyConnector != null && scheduler.waiting(keyConnector) >= bufferPerConnector) {
            tracker.dropped(partition, record.offset(), keyConnector); // read again once it has room
            return;
        }
        Message message = parse(record);
        if (message == null || message.dryRun()) {
            // A dry run is diverted before this topic; one here anyway (a bug, a hand-written record) is never sent.
            tracker.skipped(partition, record.offset());
            return;
        }
        if (!submittedSinceCommit.isEmpty() && submittedSinceCommit.remove(message.messageId())) {
            log.debug("messageId={} was journalled since the last commit: not submitted again", message.messageId());
            tracker.skipped(partition, record.offset());
            return;
        }
        gauges.connector(message.connectorId());
        scheduler.add(new ReadyMessage(partition, record.offset(), message, routeOf.apply(message.phone())));
        tracker.held(partition, record.offset());
    }

    /** The dispatcher failed on this record N times: kept on the dead-letter topic, never submitted. */
    @Override
    public void refuse(ConsumerRecord<String, byte[]> record, Throwable cause) {
        errors.increment();
        Unreadable refused = new Unreadable(record.topic(), record.partition(), record.offset(), "dispatcher",
                "the dispatcher failed on it: " + (cause == null ? "?" : cause.getClass().getSimpleName())).report();
        publisher.deadLetter(refused, record.key(), record.value());
        tracker.skipped(new TopicPartition(record.topic(), record.partition()), record.offset());
    }

    private void dispatch() {
        while (tracker.hasRoom() && !closing.getAsBoolean()) {
            Optional<ReadyMessage> next = scheduler.next(outlet::hasRoom);
            if (next.isEmpty()) {
                return;
            }
            ReadyMessage m = next.get();
            Optional<CompletableFuture<Void>> submit = outlet.submit(m);
            if (submit.isEmpty()) { // its bind went down since hasRoom
                scheduler.putBack(m);
                return;
            }
            OffsetTracker.Slot slot = tracker.dispatched(m); // settles through the poll thread: after this, whatever the order
            inFlight.incrementAndGet();
            submit.get().whenComplete((ok, error) -> {
                inFlight.decrementAndGet();
                if (error != null && !closing.getAsBoolean()) {
                    errors.increment();
                    log.warn("messageId={} did not fully reach the SMSC and Kafka ({}); reading it again",
                            m.message().messageId(), error.toString());
                }
                slot.settled(error == null);
            });
        }
    }

    /**
     * A partition read far enough past a dropped record waits for its rewind; every partition waits while the
     * whole buffer is full.
     */
    private void pauseWhatIsReadFarEnough() {
        Set<TopicPartition> assigned = consumer.assignment();
        Set<TopicPartition> pause = scheduler.size() >= buffer ? assigned : tracker.readTooFarAhead();
        Set<TopicPartition> resume = new HashSet<>(consumer.paused());
        resume.removeAll(pause);
        if (!resume.isEmpty()) {
            consumer.resume(resume);
        }
        Set<TopicPartition> toPause = new HashSet<>(pause);
        toPause.retainAll(assigned);
        toPause.removeAll(consumer.paused());
        if (!toPause.isEmpty()) {
            consumer.pause(toPause);
        }
    }

    /** An asynchronous commit of everything settled since the last one sent, a few in flight; a failed one is made again. */
    private void commitAsync() {
        if (commitsInFlight >= MAX_COMMITS_IN_FLIGHT) {
            return;
        }
        lastCommitNanos = System.nanoTime();
        Map<TopicPartition, OffsetAndMetadata> offsets = tracker.toCommit();
        if (offsets.isEmpty()) {
            return;
        }
        commitsInFlight++;
        consumer.commitAsync(offsets, (committed, error) -> {
            commitsInFlight--;
            if (error == null) {
                tracker.committed(offsets);
            } else {
                tracker.commitFailed(offsets);
                if (!closing.getAsBoolean()) {
                    errors.increment();
                    log.warn("cannot commit dispatched offsets ({}); committing them again", error.toString());
                }
            }
        });
    }

    /** On revocation and close: what is settled must be committed before another consumer reads on. */
    private void commitSync() {
        Map<TopicPartition, OffsetAndMetadata> offsets = tracker.toCommitSinceConfirmed();
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
            tracker.committed(offsets);
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            // Partitions moved to another consumer meanwhile: it reads them again (at least once).
            errors.increment();
            log.warn("cannot commit dispatched offsets ({}); they will be dispatched again", e.toString());
        }
    }

    private void forget(Collection<TopicPartition> partitions) {
        tracker.revoked(partitions);
        scheduler.drop(partitions);
        skipsUntil.keySet().removeAll(partitions);
    }

    private void forgetSkipsPassed() {
        if (submittedSinceCommit.isEmpty()) {
            return;
        }
        skipsUntil.entrySet().removeIf(e -> tracker.handledBelow(e.getKey()) >= e.getValue());
        if (skipsUntil.isEmpty()) {
            log.info(
                    "{} messages journalled before the partitions were assigned were not met again: forgotten",
                    submittedSinceCommit.size());
            submittedSinceCommit.clear();
        }
    }

    /** Message ids journalled since the assigned partitions' commits, still to be skipped when met. */
    int toSkip() {
        return submittedSinceCommit.size();
    }

    /** The connector of a ready record, from its key ({@code connectorId:phone}); null when the key says nothing. */
    static String connectorOf(String key) {
        int colon = key == null ? -1 : key.lastIndexOf(':');
        return colon <= 0 ? null : key.substring(0, colon);
    }

    /** The message, or null: one log line, a metric and a 890 status (message id known) or a dead letter. */
    private Message parse(ConsumerRecord<String, byte[]> record) {
        Message message = null;
        try {
            message = messages.deserialize(record.topic(), record.value());
            if (message == null || message.messageId() == null || message.phone() == null || message.connectorId() == null) {
                throw new IllegalArgumentException("no messageId, phone or connectorId");
            }
            return message;
        } catch (RuntimeException e) {
            errors.increment();
            Unreadable skipped = new Unreadable(record.topic(), record.partition(), record.offset(), "dispatcher",
                    Unreadable.reasonOf(e)).report();
            if (message != null && message.messageId() != null) {
                publisher.status(Status.of(message.messageId(), message.fileIngestionId(), message.connectorId(),
                        message.phone(), StatusCode.INTERNAL_ERROR, null, null, clock.instant()));
            } else {
                publisher.deadLetter(skipped, record.key(), record.value());
            }
            return null;
        }
    }
}
