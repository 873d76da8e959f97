package org.ftp2sms.dispatcher;

import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.DefaultPDUSender;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.session.SessionStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * One bind of a route, kept up: a binder thread binds, and rebinds with a growing backoff (1 s to 30 s) whenever
 * the session drops. jSMPP sends {@code enquire_link} after {@value #ENQUIRE_LINK_MS} ms without traffic, so an
 * idle bind that died is noticed and rebound. It owns the bind's window (submits in flight at once) and its rate.
 */
final class SmscBind implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SmscBind.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final int ENQUIRE_LINK_MS = 30_000;
    private static final long RESPONSE_TIMEOUT_MS = 10_000;
    /** Short: a connection caught in a restarting SMSC's backlog is never answered, only timed out. */
    private static final long BIND_TIMEOUT_MS = 5_000;

    private final SmscRoute route;
    private final String name;
    private final MessageReceiverListener inbound;
    private final int pduProcessorDegree;
    private final SmscConnectionFactory connections;
    private final Runnable onChange;
    private final Object changed = new Object();
    private final SessionStateListener stateListener = this::onStateChange;
    /** Submits in flight on this bind. */
    final Semaphore window;
    final SubmitRate rate;
    private volatile SMPPSession current;
    private volatile boolean closed;
    private Thread binder;

    /**
     * @param onChange told when the bind goes up or down (the poll thread may have messages waiting for it)
     */
    SmscBind(SmscRoute route, int index, MessageReceiverListener inbound, int pduProcessorDegree, Runnable onChange) {
        this.route = route;
        this.name = route.name() + "-" + index;
        this.inbound = inbound;
        this.pduProcessorDegree = pduProcessorDegree;
        this.connections = SmscConnectionFactory.of(route);
        this.onChange = onChange;
        this.window = new Semaphore(route.window());
        this.rate = new SubmitRate(route.maxSubmitsPerSecond());
    }

    String name() {
        return name;
    }

    SmscRoute route() {
        return route;
    }

    void start() {
        binder = new Thread(this::keepBound, "dispatcher-smpp-" + name);
        binder.setDaemon(true);
        binder.start();
    }

    boolean isBound() {
        SMPPSession s = current;
        return s != null && s.getSessionState().isBound();
    }

    /** The bound session, or null. */
    SMPPSession session() {
        SMPPSession s = current;
        return s != null && s.getSessionState().isBound() ? s : null;
    }

    int inUse() {
        return route.window() - window.availablePermits();
    }

    /** A submit on {@code session} failed at the transport level: drop it so the binder binds afresh. */
    void broken(SMPPSession session) {
        if (session == current) {
            log.warn("SMPP bind {} (session {}) to {}:{} broken; rebinding", name, session.getSessionId(), route.host(), route.port());
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
            log.info("SMPP bind {} unbound from {}:{} (session {})", name, route.host(), route.port(), s.getSessionId());
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
                onChange.run();
            }
            try {
                SMPPSession fresh = bind();
                if (closed) {
                    fresh.unbindAndClose();
                    return;
                }
                current = fresh;
                backoff = FIRST_BACKOFF;
                log.info("SMPP bind {} up: {}:{} as {} (session {}, {}{})", name, route.host(), route.port(), route.systemId(),
                        fresh.getSessionId(), route.bindType().name().toLowerCase(), route.tls() ? ", TLS" : "");
                onChange.run();
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                log.warn("SMPP bind {} to {}:{} as {} failed ({}); retrying in {} s", name, route.host(), route.port(),
                        route.systemId(), e.getCause() != null ? e.getCause().toString() : e.toString(), backoff.toSeconds());
                waitForChange(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private SMPPSession bind() throws IOException {
        SMPPSession session = new SMPPSession(new DefaultPDUSender(), new BoundedPduReader(), connections);
        session.setEnquireLinkTimer(ENQUIRE_LINK_MS);
        session.setTransactionTimer(RESPONSE_TIMEOUT_MS);
        session.setPduProcessorDegree(pduProcessorDegree);
        session.setQueueCapacity(10_000);
        session.setMessageReceiverListener(inbound);
        session.addSessionStateListener(stateListener);
        try {
            session.connectAndBind(route.host(), route.port(), new BindParameter(route.bindType().smpp(),
                    route.systemId(), route.password(), "", TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN,
                    null), BIND_TIMEOUT_MS);
            return session;
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    private void onStateChange(SessionState newState, SessionState oldState, Session source) {
        if (source == current && !newState.isBound() && oldState.isBound()) {
            if (!closed) {
                log.warn("SMPP bind {} (session {}) to {}:{} went from {} to {}; rebinding", name, source.getSessionId(),
                        route.host(), route.port(), oldState, newState);
            }
            signal();
            onChange.run();
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
