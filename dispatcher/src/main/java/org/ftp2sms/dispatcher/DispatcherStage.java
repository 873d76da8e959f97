package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.service.ConnectorDirectory;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.service.Stage;
import org.ftp2sms.service.Unreadable;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.RawDataCoding;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.session.SMPPSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends every {@link Message} of {@link Topics#MESSAGES} to the SMSC over one transceiver bind: first through
 * the connector's sending calendar ({@link CalendarHold}, which holds it durably until a window opens), then from
 * {@link Topics#MESSAGES_READY} as one submit_sm per SMS part with a delivery receipt requested, at most
 * {@code maxRate} submits a second. It publishes the statuses: {@code 100-submitted} once every part has its
 * submit_sm_resp, the final one from the receipts (or {@code 801-submit-refused} when the SMSC refuses a part).
 * Inbound messages become replies.
 *
 * <p>At-least-once towards the SMSC: at most {@code window} messages are taken and not yet committed
 * ({@link CommitWindow}), on a pool of that many submitter threads (jSMPP's submit is synchronous). A message's
 * offset is committed once it, and every message before it on its partition, has its submit responses, its
 * status and its receipt mapping ({@link SubmissionJournal}) acknowledged by Kafka; it leaves the window once the
 * (asynchronous) commit is confirmed, and the window slides on. A crash makes the uncommitted messages come back, so at most {@code window} messages can be
 * submitted twice and nothing is lost.
 */
public final class DispatcherStage implements Stage {
    private static final Logger log = LoggerFactory.getLogger(DispatcherStage.class);
    public static final String GROUP_ID = "ftp2sms-dispatcher";
    /** A crashed instance's partitions move to another after this long without heartbeats. */
    static final int SESSION_TIMEOUT_MS = 10_000;
    /** Receipt and reply mappings kept in memory (durable mapping: issue 8). */
    private static final int REMEMBERED_MESSAGES = 500_000;
    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);
    /**
     * How long the poll thread waits for records, or for a settled message when it has records it cannot dispatch
     * yet (a settle wakes it at once). While a commit is in flight it looks for the broker's answer this often
     * instead, since the commit callback runs only inside a consumer call and the answer frees window room.
     */
    private static final Duration IDLE_WAIT = Duration.ofMillis(200);
    private static final Duration COMMIT_CHECK = Duration.ofMillis(2);
    /**
     * jSMPP runs every incoming PDU, submit_sm_resp included, on one pool, and a receipt holds its thread until
     * Kafka acks its events, or while its message is being recorded (at most {@code window} messages are). So the
     * pool is the window plus these threads, not the window alone: submit_sm_resps are not queued behind receipts.
     */
    private static final int RECEIPT_THREADS = 8;
    /** How often held messages are checked against the clock. */
    private static final Duration CALENDAR_PUNCTUATION = Duration.ofSeconds(1);
    /** Backoff after ESME_RTHROTTLED / ESME_RMSGQFUL: doubles from the first to the last, shared by every submitter. */
    private static final Duration FIRST_BUSY_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BUSY_BACKOFF = Duration.ofSeconds(5);
    /** System-error answers retried before the message counts as refused (throttling is retried without end). */
    private static final int MAX_SYSTEM_ERRORS = 20;

    private final DispatcherSettings settings;
    private final Clock clock;
    private final SubmitSmFactory submitSmFactory = new SubmitSmFactory();
    private final SentMessages sentMessages = new SentMessages(REMEMBERED_MESSAGES);
    private final Deserializer<Message> messages = JsonSerde.of(Message.class).deserializer();
    private final MeterRegistry registry;
    private final Counter submits;
    private final Counter refused;
    private final Counter errors;
    private final Counter throttled;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Poll thread only. */
    private boolean commitInFlight;
    private volatile boolean closed;
    private EventPublisher publisher;
    private SubmissionJournal journal;
    private SubmitRate rate;
    private SmscLink link;
    private ConnectorDirectory connectors;
    private CalendarHold hold;
    private ExecutorService submitters;
    private Consumer<String, byte[]> consumer;
    private Thread pollThread;

    public DispatcherStage(DispatcherSettings settings, MeterRegistry registry) {
        this(settings, registry, Clock.systemUTC());
    }

    public DispatcherStage(DispatcherSettings settings, MeterRegistry registry, Clock clock) {
        this.settings = settings;
        this.registry = registry;
        this.clock = clock;
        this.submits = registry.counter("ftp2sms.dispatcher.submits");
        this.refused = registry.counter("ftp2sms.dispatcher.submits.refused");
        this.errors = registry.counter("ftp2sms.dispatcher.errors");
        this.throttled = registry.counter("ftp2sms.dispatcher.submits.throttled");
    }

    @Override
    public String name() {
        return "dispatcher";
    }

    @Override
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("dispatcher closed");
        }
        if (pollThread != null) {
            return;
        }
        try {
            open();
        } catch (RuntimeException e) {
            // Whatever was created before the failure is closed here: a failed start must leave no client behind.
            close();
            throw e;
        }
        log.info("dispatcher started: SMSC {}:{} as {}, window {}, max rate {}/s", settings.smscHost(), settings.smscPort(),
                settings.systemId(), settings.window(), settings.maxRate() == 0 ? "unlimited" : settings.maxRate());
    }

    /** Creates the components in order; each field is set as soon as its component exists, for {@link #close}. */
    private void open() {
        String clientId = KafkaSettings.clientId("dispatcher", settings.instanceId());
        Map<String, Object> producerProps = settings.kafka().producer(clientId);
        // Every send is awaited (a window slot, or a deliver_sm held on a PDU thread until its ack): lingering
        // would only add latency; batches still form under load while earlier requests are in flight.
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        publisher = new EventPublisher(new KafkaProducer<>(producerProps));
        journal = new SubmissionJournal(publisher);
        SubmissionJournal.load(settings.kafka(), clientId + "-journal", sentMessages);
        rate = new SubmitRate(settings.maxRate());
        link = new SmscLink(settings, new InboundHandler(sentMessages, journal, publisher, clock, registry),
                settings.window() + RECEIPT_THREADS);
        AtomicInteger n = new AtomicInteger();
        submitters = Executors.newFixedThreadPool(settings.window(), r -> {
            Thread t = new Thread(r, "dispatcher-submit-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Map<String, Object> props = settings.kafka().consumer(GROUP_ID);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.window());
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
        consumer = new KafkaConsumer<>(props);
        connectors = new ConnectorDirectory(settings.kafka(), clientId + "-connectors").start();
        hold = new CalendarHold(settings, connectors, clock, CALENDAR_PUNCTUATION, registry);
        hold.start();
        link.start();
        try {
            if (link.awaitBound(Duration.ofSeconds(5)).isEmpty()) {
                log.warn("dispatcher started without an SMPP bind yet; messages wait until it binds");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pollThread = new Thread(this::pollLoop, "dispatcher-poll");
        pollThread.start();
    }

    /** Messages polled and not yet settled (submitted and their status acknowledged, or refused). */
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public boolean isHealthy() {
        Thread t = pollThread;
        return t != null && t.isAlive() && !closed && link.isBound() && hold.isHealthy() && connectors.isHealthy();
    }

    /**
     * Stops every component that exists, each on its own (one failing to close does not keep the others open), so
     * that it also cleans up after a start that failed part-way.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly("calendar hold", hold);
        if (pollThread != null) {
            consumer.wakeup();
        }
        if (submitters != null) {
            submitters.shutdownNow();
        }
        try {
            if (pollThread != null) {
                pollThread.join(30_000); // the poll thread closes the consumer
            } else {
                closeQuietly("consumer", consumer == null ? null : () -> consumer.close(Duration.ofSeconds(5)));
            }
            if (submitters != null) {
                submitters.awaitTermination(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly("SMPP link", link);
        closeQuietly("producer", publisher);
        closeQuietly("connectors view", connectors);
        log.info("dispatcher stopped");
    }

    private static void closeQuietly(String what, AutoCloseable component) {
        if (component == null) {
            return;
        }
        try {
            component.close();
        } catch (Exception e) {
            log.warn("closing the dispatcher's {} failed: {}", what, e.toString());
        }
    }

    private void pollLoop() {
        CommitWindow window = new CommitWindow(settings.window());
        ArrayDeque<ConsumerRecord<String, byte[]>> taken = new ArrayDeque<>();
        try {
            consumer.subscribe(List.of(Topics.MESSAGES_READY), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    settle(window, taken); // commit what is settled before another consumer takes over
                    commitSync(window);
                    forget(window, taken, partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    forget(window, taken, partitions);
                }
            });
            while (!closed) {
                settle(window, taken);
                commitAsync(window);
                while (window.hasRoom() && !taken.isEmpty() && !closed) {
                    dispatch(window, taken.pollFirst());
                }
                Duration wait = commitInFlight ? COMMIT_CHECK : IDLE_WAIT;
                if (taken.isEmpty()) {
                    consumer.resume(consumer.paused());
                    consumer.poll(wait).forEach(taken::addLast);
                } else {
                    // The window is full: keep the group membership and run commit callbacks without fetching,
                    // then sleep until a message settles.
                    consumer.pause(consumer.assignment());
                    consumer.poll(Duration.ZERO).forEach(taken::addLast); // partitions assigned just now are not paused
                    window.awaitSettled(wait);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!closed) {
                log.error("dispatcher poll loop stopped: {}", e.toString(), e);
            }
        } finally {
            try {
                settle(window, taken);
                commitSync(window);
            } catch (RuntimeException e) {
                log.debug("last commit on close failed: {}", e.toString());
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void dispatch(CommitWindow window, ConsumerRecord<String, byte[]> record) {
        CommitWindow.Slot slot = window.take(new TopicPartition(record.topic(), record.partition()), record.offset());
        Message message = parse(record);
        if (message == null) {
            slot.settled(true);
            return;
        }
        inFlight.incrementAndGet();
        CompletableFuture.supplyAsync(() -> submit(message), submitters).thenCompose(f -> f)
                .whenComplete((ok, error) -> {
                    inFlight.decrementAndGet();
                    if (error != null && !closed) {
                        errors.increment();
                        log.warn("messageId={} did not fully reach the SMSC and Kafka ({}); reading it again",
                                message.messageId(), error.toString());
                    }
                    slot.settled(error == null);
                });
    }

    /** Takes each partition's settled prefix into the commits to make; a failed message sends its partition back to it. */
    private void settle(CommitWindow window, ArrayDeque<ConsumerRecord<String, byte[]>> taken) {
        Map<TopicPartition, Long> rewinds = new HashMap<>();
        window.settle(rewinds);
        if (!rewinds.isEmpty()) {
            forget(window, taken, rewinds.keySet());
            rewinds.forEach((partition, offset) -> {
                if (consumer.assignment().contains(partition)) {
                    consumer.seek(partition, offset);
                }
            });
        }
    }

    /**
     * One asynchronous commit at a time, of everything settled so far: the poll thread never waits for the broker,
     * and commits coalesce under load. A failed commit is simply made again (its offsets stay in the window).
     */
    private void commitAsync(CommitWindow window) {
        Map<TopicPartition, OffsetAndMetadata> offsets = window.toCommit();
        if (commitInFlight || offsets.isEmpty()) {
            return;
        }
        commitInFlight = true;
        consumer.commitAsync(offsets, (committed, error) -> {
            commitInFlight = false;
            if (error == null) {
                window.committed(offsets);
            } else if (!closed) {
                errors.increment();
                log.warn("cannot commit dispatched offsets ({}); committing them again", error.toString());
            }
        });
    }

    /** On revocation and close: what is settled must be committed before another consumer reads on. */
    private void commitSync(CommitWindow window) {
        Map<TopicPartition, OffsetAndMetadata> offsets = window.toCommit();
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
            window.committed(offsets);
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            // Partitions moved to another consumer meanwhile: it reads them again (at least once).
            errors.increment();
            log.warn("cannot commit dispatched offsets ({}); they will be dispatched again", e.toString());
        }
    }

    private static void forget(CommitWindow window, ArrayDeque<ConsumerRecord<String, byte[]>> taken,
                               Collection<TopicPartition> partitions) {
        window.drop(partitions);
        taken.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
    }

    /** The message, or null: one log line, a metric and a 890 status (message id known) or a dead letter. */
    private Message parse(ConsumerRecord<String, byte[]> record) {
        Message message = null;
        try {
            message = messages.deserialize(record.topic(), record.value());
            if (message == null || message.messageId() == null || message.phone() == null) {
                throw new IllegalArgumentException("no messageId or phone");
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

    /**
     * Submits one message, retrying through SMSC outages and throttling; completes once its status is in Kafka.
     * Runs on a submitter thread: this is where the window is spent.
     */
    private CompletableFuture<Void> submit(Message message) {
        sentMessages.submitStarted();
        try {
            return submitAndRecord(message);
        } finally {
            sentMessages.submitEnded();
        }
    }

    private CompletableFuture<Void> submitAndRecord(Message message) {
        List<SubmitPdu> pdus;
        try {
            pdus = submitSmFactory.build(message);
        } catch (RuntimeException e) {
            return refuse(message, "cannot be encoded: " + e.getMessage());
        }
        List<String> smscIds = new ArrayList<>(pdus.size());
        for (SubmitPdu pdu : pdus) {
            Outcome outcome = submitUntilAnswered(message, pdu);
            if (outcome.smscMessageId() == null) {
                if (outcome.refusal() == null) {
                    return CompletableFuture.failedFuture(new CancellationException("dispatcher closing"));
                }
                // Parts already accepted will be delivered alone; their receipts find no message and are ignored.
                return refuse(message, outcome.refusal() + (smscIds.isEmpty() ? "" : " (part " + (smscIds.size() + 1)
                        + " of " + pdus.size() + ")"));
            }
            smscIds.add(outcome.smscMessageId());
        }
        Instant sentAt = clock.instant();
        submits.increment();
        // Published before the receipt mapping is recorded, so that a fast receipt's final status can only
        // be published after it, on the same partition.
        CompletableFuture<Void> acked = publisher.status(Status.of(message.messageId(), message.fileIngestionId(),
                message.connectorId(), message.phone(), StatusCode.SUBMITTED, sentAt, null, sentAt));
        SentMessage sent = new SentMessage(message.messageId(), message.fileIngestionId(), message.connectorId(),
                message.phone(), sentAt, List.copyOf(smscIds));
        return CompletableFuture.allOf(acked, journal.sent(sent, sentMessages));
    }

    private CompletableFuture<Void> refuse(Message message, String why) {
        refused.increment();
        log.warn("submit refused for messageId={} connectorId={} fileIngestionId={}: {}",
                message.messageId(), message.connectorId(), message.fileIngestionId(), why);
        return publisher.status(Status.of(message.messageId(), message.fileIngestionId(), message.connectorId(),
                message.phone(), StatusCode.SUBMIT_REFUSED, null, null, clock.instant()));
    }

    private Outcome submitUntilAnswered(Message message, SubmitPdu pdu) {
        int systemErrors = 0;
        Duration busyBackoff = FIRST_BUSY_BACKOFF;
        while (!closed && !Thread.currentThread().isInterrupted()) {
            Optional<SMPPSession> bound;
            try {
                bound = link.awaitBound(Duration.ofSeconds(1));
                if (bound.isPresent()) {
                    rate.acquire();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (bound.isEmpty()) {
                continue;
            }
            SMPPSession session = bound.get();
            try {
                String id = session.submitShortMessage("", pdu.source().ton(), pdu.source().npi(), pdu.source().address(),
                        pdu.destTon(), pdu.destNpi(), pdu.destination(), new ESMClass(pdu.esmClass()), (byte) 0, (byte) 0,
                        null, null, new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0,
                        new RawDataCoding(pdu.dataCoding()), (byte) 0, pdu.shortMessage(), pdu.optionalParameters())
                        .getMessageId();
                return new Outcome(id, null);
            } catch (NegativeResponseException e) {
                int status = e.getCommandStatus();
                if (status == SMPPConstant.STAT_ESME_RTHROTTLED || status == SMPPConstant.STAT_ESME_RMSGQFUL) {
                    throttled.increment();
                    rate.backOff(busyBackoff);
                    busyBackoff = busyBackoff.multipliedBy(2).compareTo(MAX_BUSY_BACKOFF) > 0 ? MAX_BUSY_BACKOFF
                            : busyBackoff.multipliedBy(2);
                    continue;
                }
                if (status == SMPPConstant.STAT_ESME_RSYSERR && ++systemErrors <= MAX_SYSTEM_ERRORS) {
                    pause();
                    continue;
                }
                return new Outcome(null, SubmitErrors.describe(status));
            } catch (PDUException e) {
                return new Outcome(null, "invalid PDU: " + e.getMessage());
            } catch (ResponseTimeoutException | InvalidResponseException e) {
                errors.increment();
                log.warn("submit of messageId={} unanswered ({}); retrying", message.messageId(), e.toString());
                pause();
            } catch (IOException | IllegalStateException e) {
                if (!closed) {
                    errors.increment();
                    log.warn("submit of messageId={} failed ({}); retrying after rebind", message.messageId(), e.toString());
                    link.broken(session);
                    pause();
                }
            }
        }
        return new Outcome(null, null);
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A submit_sm_resp id, or why the SMSC refused the message; both null when the stage is closing. */
    private record Outcome(String smscMessageId, String refusal) {
    }
}
