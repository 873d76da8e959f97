package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.SendingOptions;
import org.ftp2sms.service.ConnectorDirectory;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.service.Stage;
import org.ftp2sms.service.worker.SessionWorker;
import org.ftp2sms.service.worker.Supervision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Sends every {@link Message} of {@link Topics#MESSAGES} to an SMSC, and the lifecycle of the parts that do it:
 * <ul>
 * <li>{@link CalendarHold}: holds a message durably until its connector's sending calendar opens, then writes it to
 * {@link Topics#MESSAGES_READY};</li>
 * <li>{@link DispatchLoop}: reads the ready topic ahead into the {@link FairScheduler} (a share per connector,
 * weighted by its priority, capped by its rate), tracks offsets and the crash window ({@link OffsetTracker});</li>
 * <li>{@link SmppSessionPool}: the binds of every route ({@link SmscRoutes}), their windows, reconnects and
 * rates;</li>
 * <li>{@link MessageSubmitter}: one submit_sm per part, bounded retries;</li>
 * <li>{@link SubmissionRecorder}: {@code 100-submitted} or {@code 801-submit-refused}, and the receipt mapping
 * ({@link SubmissionJournal});</li>
 * <li>{@link ReceiptAndReplyHandler}: receipts become final statuses, other deliver_sm replies, from any bind.</li>
 * </ul>
 *
 * <p>At-least-once towards the SMSC: a submitted message counts in the window until its status and journal entries
 * are acknowledged, and whoever reads a partition again after its last commit skips the messages with a journal
 * entry written since ({@link JournalSince}), so after a crash at most the window (the sum over binds of their
 * windows) is submitted again, and nothing is lost.
 */
public final class DispatcherStage implements Stage {
    private static final Logger log = LoggerFactory.getLogger(DispatcherStage.class);
    /** A crashed instance's partitions move to another after this long without heartbeats. */
    static final int SESSION_TIMEOUT_MS = 10_000;
    /** Receipt and reply mappings kept in memory (durable mapping: {@link SubmissionJournal}). */
    private static final int REMEMBERED_MESSAGES = 500_000;
    /** How often held messages are checked against the clock. */
    private static final Duration CALENDAR_PUNCTUATION = Duration.ofSeconds(1);
    /** Records fetched per poll: the loop reads ahead past one connector's backlog for other connectors' messages. */
    private static final int MAX_POLL_RECORDS = 500;

    private final DispatcherSettings settings;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Supervision supervision;
    private final SentMessages sentMessages = new SentMessages(REMEMBERED_MESSAGES);
    private volatile boolean closed;
    private EventPublisher publisher;
    private SmppSessionPool pool;
    private ConnectorDirectory connectors;
    private CalendarHold hold;
    private ExecutorService submitters;
    private DispatchLoop.Gauges gauges;
    private SessionWorker worker;

    public DispatcherStage(DispatcherSettings settings, MeterRegistry registry) {
        this(settings, registry, Clock.systemUTC());
    }

    public DispatcherStage(DispatcherSettings settings, MeterRegistry registry, Clock clock) {
        this(settings, registry, clock, Supervision.DEFAULT);
    }

    /** @param supervision the poll loop's failure policy (tests inject faults and hold the backoff through it) */
    DispatcherStage(DispatcherSettings settings, MeterRegistry registry, Clock clock, Supervision supervision) {
        this.settings = settings;
        this.registry = registry;
        this.clock = clock;
        this.supervision = supervision;
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
        if (worker != null) {
            return;
        }
        try {
            open();
        } catch (RuntimeException e) {
            // Whatever was created before the failure is closed here: a failed start must leave no client behind.
            close();
            throw e;
        }
        log.info("dispatcher started: groupId={} routes {}, window {}", settings.groupId(),
                settings.routes().all().stream().map(SmscRoute::describe).collect(Collectors.joining(", ")), settings.window());
    }

    /** Creates the components in order; each field is set as soon as its component exists, for {@link #close}. */
    private void open() {
        String clientId = KafkaSettings.clientId("dispatcher", settings.instanceId());
        Map<String, Object> producerProps = settings.kafka().producer(clientId);
        // Every send is awaited (a window slot, or a deliver_sm held on a PDU thread until its ack), so a linger adds
        // its milliseconds to each; without one, every status and journal entry went alone in its own request (200
        // produce requests per 1 000 rows, and as many fetches by every reader of the statuses), which cost the
        // pipeline a third more CPU per row than 5 ms; 10 ms cut another quarter of the requests and the broker's work
        // (docs/benchmarks.md). The price: a window slot is held about 5 ms longer, and against an SMSC next door a
        // window of 50 then turns over in some 26 ms, about 1 900 messages a second; operators allow a bind less, and a
        // larger FTP2SMS_SMPP_WINDOW raises it.
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        publisher = new EventPublisher(new KafkaProducer<>(producerProps));
        SubmissionJournal journal = new SubmissionJournal(publisher);
        SubmissionJournal.load(settings.kafka(), clientId + "-journal", sentMessages);
        SubmissionRecorder recorder = new SubmissionRecorder(publisher, journal, sentMessages, clock, registry);
        gauges = new DispatchLoop.Gauges(registry);
        pool = new SmppSessionPool(settings.routes(), new ReceiptAndReplyHandler(sentMessages, journal, publisher,
                        settings.replies(), clock, registry),
                registry, gauges::wake);
        AtomicInteger n = new AtomicInteger();
        submitters = Executors.newFixedThreadPool(settings.window(), r -> {
            Thread t = new Thread(r, "dispatcher-submit-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        connectors = new ConnectorDirectory(settings.kafka(), clientId + "-connectors").start();
        hold = new CalendarHold(settings, connectors, clock, CALENDAR_PUNCTUATION, registry);
        hold.start();
        pool.start();
        try {
            if (!pool.awaitAllRoutesUp(Duration.ofSeconds(5))) {
                log.warn("dispatcher started before every SMSC route has a bind; their messages wait until one binds");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        MessageSubmitter submitter = new MessageSubmitter(pool, recorder, new ConnectorSchedules(connectors::find), clock,
                () -> closed, registry);
        SmscOutlet outlet = new SmscOutlet(pool, submitter, submitters);
        // Each session (a new one after a failure) starts from the committed offsets with its own read-ahead state.
        worker = new SessionWorker(
                "dispatcher-poll",
                "dispatcher",
                () -> new DispatchLoop(
                        newConsumer(clientId),
                        // The system clock, as the journal's timestamps: a commit says from when to read it again.
                        new OffsetTracker(settings.window(), settings.readAhead(), Clock.systemUTC()),
                        new FairScheduler(new ConnectorShares(connectors), clock),
                        outlet,
                        phone -> settings.routes().forDestination(phone).name(),
                        () -> closed,
                        settings.buffer(),
                        settings.bufferPerConnector(),
                        registry,
                        publisher,
                        clock,
                        worker,
                        gauges,
                        new JournalSince(settings.kafka(), clientId + "-journal-since")),
                supervision,
                registry);
        worker.start(Duration.ofSeconds(60));
    }

    private KafkaConsumer<String, byte[]> newConsumer(String clientId) {
        Map<String, Object> props = settings.kafka().consumer(settings.groupId());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
        // Static membership: restarted after a crash, this instance takes its partitions back at once.
        props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, clientId);
        return new KafkaConsumer<>(props);
    }

    /** Messages read and not settled yet (waiting for their turn, or being submitted and recorded). */
    public int inFlight() {
        DispatchLoop.Gauges g = gauges;
        return g == null ? 0 : g.held();
    }

    @Override
    public boolean isHealthy() {
        SessionWorker w = worker;
        return w != null && w.isHealthy() && !closed && pool.anyBound() && hold.isHealthy() && connectors.isHealthy();
    }

    @Override
    public boolean isAlive() {
        SessionWorker w = worker;
        return w == null || closed || w.isAlive();
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
        if (submitters != null) {
            submitters.shutdownNow();
        }
        closeQuietly("poll loop", worker); // its session commits what settled and closes the consumer
        try {
            if (submitters != null) {
                submitters.awaitTermination(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly("SMPP binds", pool);
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

    /** Submits on the binds' pool, each submit on a submitter thread (jSMPP's submit blocks until answered). */
    private record SmscOutlet(SmppSessionPool pool, MessageSubmitter submitter, ExecutorService submitters)
            implements DispatchLoop.Outlet {
        @Override
        public boolean hasRoom(String route) {
            return pool.hasRoom(route);
        }

        @Override
        public Optional<CompletableFuture<Void>> submit(ReadyMessage m) {
            return pool.tryLease(m.route()).map(lease ->
                    CompletableFuture.supplyAsync(() -> submitter.submit(m, lease), submitters).thenCompose(f -> f));
        }
    }

    /** Priorities and rates from the live connectors view; a connector not (yet) in it gets the defaults. */
    private record ConnectorShares(ConnectorDirectory connectors) implements FairScheduler.Shares {
        @Override
        public int priority(String connectorId) {
            return options(connectorId).map(SendingOptions::effectivePriority).orElse(SendingOptions.DEFAULT_PRIORITY);
        }

        @Override
        public int maxPerSecond(String connectorId) {
            return options(connectorId).map(SendingOptions::effectiveMaxMessagesPerSecond).orElse(0);
        }

        private Optional<SendingOptions> options(String connectorId) {
            return connectors.find(connectorId).map(Connector::options);
        }
    }
}
