package org.ftp2sms.dispatcher;

import org.jsmpp.bean.BindType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.session.SessionStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The transceiver bind to the SMSC, kept up: a binder thread binds, and rebinds with a growing backoff
 * (1 s to 30 s) whenever the session drops. Submitters take the current session with {@link #awaitBound}.
 */
final class SmscLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SmscLink.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final int ENQUIRE_LINK_MS = 30_000;
    private static final long RESPONSE_TIMEOUT_MS = 10_000;
    /** Short: a connection caught in a restarting SMSC's backlog is never answered, only timed out. */
    private static final long BIND_TIMEOUT_MS = 5_000;

    private final DispatcherSettings settings;
    private final MessageReceiverListener inbound;
    private final int pduProcessorDegree;
    private final Object changed = new Object();
    private final SessionStateListener stateListener = this::onStateChange;
    private volatile SMPPSession current;
    private volatile boolean closed;
    private Thread binder;

    SmscLink(DispatcherSettings settings, MessageReceiverListener inbound, int pduProcessorDegree) {
        this.settings = settings;
        this.inbound = inbound;
        this.pduProcessorDegree = pduProcessorDegree;
    }

    void start() {
        binder = new Thread(this::keepBound, "dispatcher-smpp-binder");
        binder.setDaemon(true);
        binder.start();
    }

    boolean isBound() {
        SMPPSession s = current;
        return s != null && s.getSessionState().isBound();
    }

    /** The bound session, waiting up to {@code timeout} for one; empty when none (or closing). */
    Optional<SMPPSession> awaitBound(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (changed) {
            while (!closed) {
                SMPPSession s = current;
                if (s != null && s.getSessionState().isBound()) {
                    return Optional.of(s);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.wait(Math.max(1, left / 1_000_000));
            }
        }
        return Optional.empty();
    }

    /** A submit on {@code session} failed at the transport level: drop it so the binder binds afresh. */
    void broken(SMPPSession session) {
        if (session == current) {
            log.warn("SMPP session {} to {}:{} broken; rebinding", session.getSessionId(), settings.smscHost(), settings.smscPort());
            session.close();
            signal();
        }
    }

    @Override
    public void close() {
        closed = true;
        signal();
        Thread t = binder;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        SMPPSession s = current;
        current = null;
        if (s != null) {
            s.unbindAndClose();
            log.info("SMPP unbound from {}:{} as {} (session {})", settings.smscHost(), settings.smscPort(),
                    settings.systemId(), s.getSessionId());
        }
    }

    private void keepBound() {
        Duration backoff = FIRST_BACKOFF;
        while (!closed) {
            SMPPSession s = current;
            if (s != null && s.getSessionState().isBound()) {
                waitForChange(Duration.ofSeconds(1));
                continue;
            }
            if (s != null) {
                current = null;
                s.close();
            }
            try {
                SMPPSession fresh = bind();
                if (closed) {
                    fresh.unbindAndClose();
                    return;
                }
                current = fresh;
                backoff = FIRST_BACKOFF;
                log.info("SMPP bound to {}:{} as {} (session {}, transceiver)", settings.smscHost(), settings.smscPort(),
                        settings.systemId(), fresh.getSessionId());
                signal();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                log.warn("SMPP bind to {}:{} as {} failed ({}); retrying in {} s", settings.smscHost(), settings.smscPort(),
                        settings.systemId(), e.getCause() != null ? e.getCause().toString() : e.toString(), backoff.toSeconds());
                waitForChange(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private SMPPSession bind() throws IOException {
        SMPPSession session = new SMPPSession(new NoDelaySocketConnectionFactory());
        session.setEnquireLinkTimer(ENQUIRE_LINK_MS);
        session.setTransactionTimer(RESPONSE_TIMEOUT_MS);
        session.setPduProcessorDegree(pduProcessorDegree);
        session.setQueueCapacity(10_000);
        session.setMessageReceiverListener(inbound);
        session.addSessionStateListener(stateListener);
        try {
            session.connectAndBind(settings.smscHost(), settings.smscPort(), new BindParameter(BindType.BIND_TRX,
                    settings.systemId(), settings.password(), "", TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN,
                    null), BIND_TIMEOUT_MS);
            return session;
        } catch (IOException e) {
            session.close();
            throw e;
        }
    }

    private void onStateChange(SessionState newState, SessionState oldState, Session source) {
        if (source == current && !newState.isBound() && oldState.isBound()) {
            if (!closed) {
                log.warn("SMPP session {} to {}:{} went from {} to {}; rebinding", source.getSessionId(),
                        settings.smscHost(), settings.smscPort(), oldState, newState);
            }
            signal();
        }
    }

    private void waitForChange(Duration max) {
        synchronized (changed) {
            try {
                changed.wait(max.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // only close() interrupts the binder
            }
        }
    }

    private void signal() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }
}
