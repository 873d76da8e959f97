package org.ftp2sms.smsc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ftp2sms.rules.sms.Gsm7Alphabet;
import org.ftp2sms.service.Stage;
import org.jsmpp.PDUStringException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageState;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RawDataCoding;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.ServerResponseDeliveryListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.util.DeliveryReceiptState;
import org.jsmpp.util.MessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * An SMSC for the embedded default and for tests: accepts binds (transceiver, transmitter, receiver) with one
 * system id and password, answers every submit_sm with a unique message id, records what it received, and
 * sends a delivery receipt {@code receiptDelay} after each submit_sm_resp on a receiver-capable session of
 * that system id. {@link #injectReply} sends a mobile-originated message.
 *
 * <p>Concatenated messages (UDHI with an 8- or 16-bit concatenation element) are reassembled by reference and
 * appear once in {@link #received()}, when their last part arrives; every part still gets its own id and its own
 * receipt, as operators do. Beyond {@link SmscSimulatorSettings#maxSubmitsPerSecond()} submits in the last second,
 * submits are answered ESME_RTHROTTLED.
 */
public final class SmscSimulator implements Stage {
    private static final Logger log = LoggerFactory.getLogger(SmscSimulator.class);
    /** The receipt {@code err:} of a destination matching the fail pattern. */
    public static final String FAIL_ERROR = "001";
    /** The name of the thread group every simulator thread runs in. */
    public static final String THREAD_GROUP = "smsc-simulator";

    private static final String SMSC_SYSTEM_ID = "ftp2sms-sim";
    private static final int RECEIPT_ATTEMPTS = 30;
    /** Submits kept for {@link #received()}: more than any test sends, a bounded heap for a simulator left running. */
    public static final int RECORDED_SUBMITS = 50_000;
    /** deliver_sm in flight at once: each waits for the client's deliver_sm_resp, which may wait for a Kafka ack. */
    private static final int RECEIPT_THREADS = 32;
    private static final Duration RECEIPT_RETRY = Duration.ofSeconds(1);

    private final SmscSimulatorSettings settings;
    private final Clock clock;
    private final Pattern failPattern;
    private final Counter submits;
    private final Counter receipts;
    private final Counter refusedBinds;
    private final NoDelayServerConnectionFactory connections;
    private final Map<SMPPServerSession, String> boundSystemIds = new ConcurrentHashMap<>();
    /** Every open connection, bound or not yet, so that close() leaves none behind. */
    private final Set<SMPPServerSession> openSessions = ConcurrentHashMap.newKeySet();
    private final Map<String, PendingReceipt> awaitingResponse = new ConcurrentHashMap<>();
    /** The most recent submits, for tests: bounded, so that a long-running simulator (standalone) does not fill its heap. */
    private final RecentItems<ReceivedSubmit> received = new RecentItems<>(RECORDED_SUBMITS);
    /** When each recent accepted submit_sm arrived (every part counts), for rate checks. */
    private final RecentItems<java.time.Instant> pduTimes = new RecentItems<>(RECORDED_SUBMITS);
    private volatile java.time.Instant lastAcceptedAt;
    /** Accepted submit_sm PDUs since start: a count that costs nothing to read, unlike the queues' size(). */
    private final java.util.concurrent.atomic.AtomicLong acceptedPdus = new java.util.concurrent.atomic.AtomicLong();
    private final Concatenations concatenations = new Concatenations();
    private final SubmitThrottle throttle;
    private final Counter throttled;
    private final AtomicLong nextId = new AtomicLong();
    /** Distinguishes ids of this run from a previous run's, as a restarted SMSC would. */
    private final String idPrefix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * Every thread of the simulator, jSMPP's own included (they inherit the group of the thread that creates them):
     * a benchmark sharing the JVM tells the SMSC's CPU from the gateway's by it, a thread dump by its name.
     */
    private final ThreadGroup threads = new ThreadGroup(THREAD_GROUP);

    private final ExecutorService binds = Executors.newCachedThreadPool(daemon("smsc-sim-bind"));
    /** Receipts wait here, then are sent from here: deliver_sm is synchronous in jSMPP, so several threads. */
    private final ScheduledExecutorService receiptSender = Executors.newScheduledThreadPool(RECEIPT_THREADS, daemon("smsc-sim-receipt"));
    private volatile SMPPServerSessionListener listener;
    private volatile Thread acceptor;

    public SmscSimulator(SmscSimulatorSettings settings) {
        this(settings, new SimpleMeterRegistry(), Clock.systemUTC());
    }

    public SmscSimulator(SmscSimulatorSettings settings, MeterRegistry registry) {
        this(settings, registry, Clock.systemUTC());
    }

    public SmscSimulator(SmscSimulatorSettings settings, MeterRegistry registry, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.failPattern = settings.failPattern() == null ? null : Pattern.compile(settings.failPattern());
        this.submits = registry.counter("ftp2sms.smsc.simulator.submits");
        this.receipts = registry.counter("ftp2sms.smsc.simulator.receipts");
        this.refusedBinds = registry.counter("ftp2sms.smsc.simulator.binds.refused");
        this.throttled = registry.counter("ftp2sms.smsc.simulator.submits.throttled");
        this.throttle = new SubmitThrottle(settings.maxSubmitsPerSecond());
        try {
            this.connections = new NoDelayServerConnectionFactory(settings.tlsKeystore() == null ? null
                    : NoDelayServerConnectionFactory.tls(settings.tlsKeystore(), settings.tlsKeystorePassword()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return "smsc-simulator";
    }

    @Override
    public void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        try {
            SMPPServerSessionListener l = new SMPPServerSessionListener(settings.port(), connections);
            l.setPduProcessorDegree(8);
            l.setQueueCapacity(10_000);
            l.setMessageReceiverListener(new SubmitHandler());
            l.setResponseDeliveryListener(new ReceiptScheduler());
            l.setSessionStateListener(this::onStateChange);
            listener = l;
        } catch (IOException e) {
            throw new UncheckedIOException("SMSC simulator cannot listen on port " + settings.port(), e);
        }
        Thread t = new Thread(threads, this::acceptLoop, "smsc-sim-accept");
        t.setDaemon(true);
        acceptor = t;
        t.start();
        log.info("SMSC simulator listening on port {}{} for system id {}", port(), settings.tlsKeystore() == null ? "" : " (TLS)",
                settings.systemId());
    }

    /** The port listened on (the free one picked when the settings said 0); -1 before {@link #start()}. */
    public int port() {
        return connections.boundPort();
    }

    @Override
    public boolean isHealthy() {
        Thread t = acceptor;
        return t != null && t.isAlive() && !closed.get();
    }

    /**
     * The submits received since start (or the last {@link #clearReceived()}), in arrival order: the most recent
     * {@value #RECORDED_SUBMITS}.
     */
    public List<ReceivedSubmit> received() {
        return received.snapshot();
    }

    /** Waits until {@code count} received submits match {@code filter}; returns those seen by then. */
    public List<ReceivedSubmit> awaitReceived(Predicate<ReceivedSubmit> filter, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ReceivedSubmit> matched;
        do {
            matched = received.snapshot().stream().filter(filter).toList();
            if (matched.size() >= count) {
                return matched;
            }
            sleep(10);
        } while (System.nanoTime() < deadline);
        return matched;
    }

    public void clearReceived() {
        received.clear();
        pduTimes.clear();
    }

    /**
     * When each accepted submit_sm arrived, every part of a concatenated message counting, in arrival order: the
     * most recent {@value #RECORDED_SUBMITS}.
     */
    public List<java.time.Instant> acceptedSubmitTimes() {
        return pduTimes.snapshot();
    }

    /** When the last submit_sm was accepted; null before the first. */
    public java.time.Instant lastAcceptedSubmitAt() {
        return lastAcceptedAt;
    }

    /** Accepted submit_sm PDUs since start (every part counting), read in constant time. */
    public long acceptedSubmitCount() {
        return acceptedPdus.get();
    }

    /** Delivery receipts (deliver_sm) sent since start. */
    public long receiptsSent() {
        return (long) receipts.count();
    }

    /** submit_sm answered ESME_RTHROTTLED so far (see {@link SmscSimulatorSettings#maxSubmitsPerSecond()}). */
    public long throttledSubmits() {
        return (long) throttled.count();
    }

    /** System ids of the sessions bound now, one entry per session. */
    public List<String> boundSessions() {
        return List.copyOf(boundSystemIds.values());
    }

    /**
     * Sends a mobile-originated message (not a receipt) from {@code fromPhone} to {@code toSender} on a bound
     * receiver-capable session, and returns once the client acknowledged it.
     *
     * @throws IllegalStateException when no receiver-capable session is bound or the client refused it
     */
    public void injectReply(String fromPhone, String toSender, String text) {
        SMPPServerSession session = receiverSession(settings.systemId(), null)
                .orElseThrow(() -> new IllegalStateException("no receiver-capable session bound"));
        boolean gsm = Gsm7Alphabet.canEncode(text);
        byte[] body = gsm ? Gsm7Alphabet.encode(text) : text.getBytes(StandardCharsets.UTF_16BE);
        OptionalParameter[] tlvs = body.length > 254
                ? new OptionalParameter[] {new OptionalParameter.Message_payload(body)}
                : new OptionalParameter[0];
        try {
            session.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, fromPhone,
                    senderTon(toSender), senderNpi(toSender), toSender, new ESMClass(), (byte) 0, (byte) 0,
                    new RegisteredDelivery(0), new RawDataCoding((byte) (gsm ? 0 : 8)),
                    body.length > 254 ? new byte[0] : body, tlvs);
            log.info("SMSC simulator delivered a mobile-originated message on session {}", session.getSessionId());
        } catch (Exception e) {
            throw new IllegalStateException("mobile-originated deliver_sm failed: " + e, e);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (SMPPServerSession session : List.copyOf(boundSystemIds.keySet())) {
            session.unbindAndClose();
        }
        SMPPServerSessionListener l = listener;
        if (l != null) {
            try {
                l.close();
            } catch (IOException e) {
                log.warn("SMSC simulator: closing the listener failed: {}", e.toString());
            }
        }
        Thread t = acceptor;
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (SMPPServerSession session : List.copyOf(openSessions)) {
            session.close();
        }
        receiptSender.shutdownNow();
        binds.shutdownNow();
        log.info("SMSC simulator stopped (port {})", port());
    }

    private void acceptLoop() {
        while (!closed.get()) {
            try {
                SMPPServerSession session = listener.accept();
                openSessions.add(session);
                if (closed.get()) {
                    session.close();
                    break;
                }
                binds.execute(() -> awaitBind(session));
            } catch (IOException e) {
                if (!closed.get()) {
                    log.warn("SMSC simulator: accept failed: {}", e.toString());
                    sleep(100);
                }
            } catch (RuntimeException e) {
                if (!closed.get()) {
                    log.warn("SMSC simulator: accept failed: {}", e.toString());
                }
            }
        }
    }

    private void awaitBind(SMPPServerSession session) {
        try {
            BindRequest request = session.waitForBind(10_000);
            int refusal = refusal(request);
            if (refusal != SMPPConstant.STAT_ESME_ROK) {
                refusedBinds.increment();
                log.info("SMSC simulator refused a {} bind of system id {} (status {})",
                        request.getBindType(), request.getSystemId(), refusal);
                request.reject(refusal);
                // Closing at once can reset the connection before the client has read the refusal; a refused
                // client closes by itself, a stubborn one is closed a little later.
                schedule(session::close, Duration.ofSeconds(5));
                return;
            }
            request.accept(SMSC_SYSTEM_ID);
            boundSystemIds.put(session, request.getSystemId());
            log.info("SMSC simulator accepted a {} bind of system id {} (session {})",
                    request.getBindType(), request.getSystemId(), session.getSessionId());
        } catch (TimeoutException e) {
            if (!closed.get()) {
                log.info("SMSC simulator: no bind within 10 s on a new connection; closed");
            }
        } catch (IOException | PDUStringException | IllegalStateException e) {
            log.warn("SMSC simulator: bind failed: {}", e.toString());
            session.close();
        }
    }

    private int refusal(BindRequest request) {
        if (!settings.systemId().equals(request.getSystemId())) {
            return SMPPConstant.STAT_ESME_RINVSYSID;
        }
        if (!settings.password().equals(request.getPassword())) {
            return SMPPConstant.STAT_ESME_RINVPASWD;
        }
        return request.getBindType() == null ? SMPPConstant.STAT_ESME_RBINDFAIL : SMPPConstant.STAT_ESME_ROK;
    }

    private void onStateChange(SessionState newState, SessionState oldState, Session source) {
        if (newState == SessionState.CLOSED) {
            openSessions.remove(source);
        }
        if (newState == SessionState.CLOSED || newState == SessionState.UNBOUND) {
            String systemId = boundSystemIds.remove(source);
            if (systemId != null) {
                log.info("SMSC simulator: session {} of system id {} {}", source.getSessionId(), systemId,
                        newState == SessionState.CLOSED ? "closed" : "unbound");
            }
        }
    }

    /** The submitting session when it can receive, else any other receiver-capable session of that system id. */
    private Optional<SMPPServerSession> receiverSession(String systemId, SMPPServerSession preferred) {
        if (preferred != null && preferred.getSessionState().isReceivable() && boundSystemIds.containsKey(preferred)) {
            return Optional.of(preferred);
        }
        return boundSystemIds.entrySet().stream()
                .filter(e -> e.getValue().equals(systemId) && e.getKey().getSessionState().isReceivable())
                .map(Map.Entry::getKey)
                .findFirst();
    }

    private String newMessageId() {
        return idPrefix + Long.toString(nextId.incrementAndGet());
    }

    private void sendReceipt(PendingReceipt pending, int attempt) {
        if (closed.get()) {
            return;
        }
        ReceivedSubmit submit = pending.submit();
        Optional<SMPPServerSession> session = receiverSession(submit.systemId(), pending.session());
        if (session.isEmpty()) {
            retryReceipt(pending, attempt, "no receiver-capable session bound");
            return;
        }
        boolean failed =
                failPattern != null && failPattern.matcher(submit.destination()).matches();
        String receipt = ReceiptText.of(
                submit.smscMessageId(),
                !failed,
                submit.at(),
                clock.instant(),
                (failed ? DeliveryReceiptState.UNDELIV : DeliveryReceiptState.DELIVRD).name(),
                failed ? settings.failError() : "000", receiptExcerpt(submit.text()));
        try {
            session.get()
                    .deliverShortMessage(
                            "",
                            pending.destTon(),
                            pending.destNpi(),
                            submit.destination(),
                            pending.sourceTon(),
                            pending.sourceNpi(),
                            submit.source(),
                            new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT),
                            (byte) 0,
                            (byte) 0,
                            new RegisteredDelivery(0),
                            new RawDataCoding((byte) 0),
                            receipt.getBytes(StandardCharsets.US_ASCII),
                            new OptionalParameter.Receipted_message_id(submit.smscMessageId()),
                            new OptionalParameter.Message_state(
                                    (failed ? MessageState.UNDELIVERABLE : MessageState.DELIVERED).value()));
            receipts.increment();
        } catch (Exception e) {
            retryReceipt(pending, attempt, e.toString());
        }
    }

    private void retryReceipt(PendingReceipt pending, int attempt, String why) {
        if (attempt >= RECEIPT_ATTEMPTS || closed.get()) {
            log.warn("SMSC simulator: receipt for {} dropped after {} attempts: {}",
                    pending.submit().smscMessageId(), attempt, why);
            return;
        }
        log.debug("SMSC simulator: receipt for {} postponed: {}", pending.submit().smscMessageId(), why);
        schedule(() -> sendReceipt(pending, attempt + 1), RECEIPT_RETRY);
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            receiptSender.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    /** The receipt's {@code text:} field: the first 20 characters, kept to printable ASCII as receipts are. */
    private static String receiptExcerpt(String text) {
        StringBuilder out = new StringBuilder(20);
        for (int i = 0; i < text.length() && out.length() < 20; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return out.toString();
    }

    private static TypeOfNumber senderTon(String address) {
        return address.chars().allMatch(Character::isDigit) ? TypeOfNumber.INTERNATIONAL : TypeOfNumber.ALPHANUMERIC;
    }

    private static NumberingPlanIndicator senderNpi(String address) {
        return address.chars().allMatch(Character::isDigit) ? NumberingPlanIndicator.ISDN : NumberingPlanIndicator.UNKNOWN;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(threads, r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private record PendingReceipt(ReceivedSubmit submit, SMPPServerSession session,
                                  TypeOfNumber sourceTon, NumberingPlanIndicator sourceNpi,
                                  TypeOfNumber destTon, NumberingPlanIndicator destNpi) {
    }

    /** Receipts are scheduled once the submit_sm_resp is out, so a receipt never overtakes its response. */
    private final class ReceiptScheduler implements ServerResponseDeliveryListener {
        @Override
        public void onSubmitSmRespSent(SubmitSmResult result, SMPPServerSession source) {
            PendingReceipt pending = awaitingResponse.remove(result.getMessageId());
            if (pending != null) {
                schedule(() -> sendReceipt(pending, 1), settings.receiptDelay());
            }
        }

        @Override
        public void onSubmitSmRespError(SubmitSmResult result, Exception cause, SMPPServerSession source) {
            awaitingResponse.remove(result.getMessageId());
        }

        @Override
        public void onSubmitMultiRespSent(SubmitMultiResult result, SMPPServerSession source) {
        }

        @Override
        public void onSubmitMultiRespError(SubmitMultiResult result, Exception cause, SMPPServerSession source) {
        }
    }

    private final class SubmitHandler implements ServerMessageReceiverListener {
        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm submitSm, SMPPServerSession source) throws ProcessRequestException {
            String systemId = boundSystemIds.get(source);
            if (systemId == null) {
                throw new ProcessRequestException("not bound", SMPPConstant.STAT_ESME_RINVBNDSTS);
            }
            byte[] bytes = submitSm.getShortMessage();
            if (bytes == null || bytes.length == 0) {
                OptionalParameter payload = submitSm.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD);
                bytes = payload instanceof OptionalParameter.OctetString octets ? octets.getValue() : new byte[0];
            }
            byte[] udh = null;
            if (submitSm.isUdhi() && bytes.length > 0) {
                int headerLength = (bytes[0] & 0xFF) + 1;
                if (headerLength > bytes.length) {
                    throw new ProcessRequestException("user data header longer than the message", SMPPConstant.STAT_ESME_RINVMSGLEN);
                }
                udh = Arrays.copyOf(bytes, headerLength);
                bytes = Arrays.copyOfRange(bytes, headerLength, bytes.length);
            }
            if (!throttle.tryAcquire()) {
                throttled.increment();
                throw new ProcessRequestException("throttled", SMPPConstant.STAT_ESME_RTHROTTLED);
            }
            int dataCoding = submitSm.getDataCoding() & 0xFF;
            String smscMessageId = newMessageId();
            java.time.Instant at = clock.instant();
            String text = ShortMessageText.decode(bytes, dataCoding);
            ReceivedSubmit part = new ReceivedSubmit(systemId, submitSm.getSourceAddr(), submitSm.getDestAddress(),
                    text, dataCoding, smscMessageId, udh, at, 1, List.of(smscMessageId),
                    submitSm.getValidityPeriod() == null || submitSm.getValidityPeriod().isEmpty() ? null
                            : submitSm.getValidityPeriod());
            pduTimes.add(at);
            lastAcceptedAt = at;
            acceptedPdus.incrementAndGet();
            Optional<ConcatenatedPart> concatenated = ConcatenatedPart.of(udh);
            if (concatenated.isEmpty()) {
                received.add(part);
            } else {
                concatenations.add(part, concatenated.get()).ifPresent(received::add);
            }
            submits.increment();
            if ((submitSm.getRegisteredDelivery() & 0x03) != 0) {
                awaitingResponse.put(smscMessageId, new PendingReceipt(part, source,
                        TypeOfNumber.valueOf(submitSm.getSourceAddrTon()),
                        NumberingPlanIndicator.valueOf(submitSm.getSourceAddrNpi()),
                        TypeOfNumber.valueOf(submitSm.getDestAddrTon()),
                        NumberingPlanIndicator.valueOf(submitSm.getDestAddrNpi())));
            }
            try {
                return new SubmitSmResult(new MessageId(smscMessageId), new OptionalParameter[0]);
            } catch (PDUStringException e) {
                throw new ProcessRequestException("bad message id", SMPPConstant.STAT_ESME_RSYSERR, e);
            }
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("submit_multi not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("query_sm not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("replace_sm not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("cancel_sm not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("broadcast_sm not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("cancel_broadcast_sm not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("query_broadcast_sm not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("data_sm not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }
    }
}
