package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jsmpp.session.MessageReceiverListener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every bind of every route, and which one a message goes by: a bind of its route that is up and has room in its
 * window (round robin between them), or, while every bind of its route is down, one of the route's fallback. A
 * {@link Lease} is a place in a bind's window, taken when the message is scheduled and given back once its
 * submits are answered. Receipts and replies are handled by one {@link MessageReceiverListener} whatever bind
 * they arrive on. Metrics per route and bind: submits, responses by command status, window in use, binds up.
 */
final class SmppSessionPool implements AutoCloseable {
    /**
     * jSMPP runs every incoming PDU, submit_sm_resp included, on one pool per session, and a receipt holds its thread
     * until Kafka acks its events. So each session's pool is its window plus these threads: submit_sm_resps are not
     * queued behind receipts.
     */
    private static final int RECEIPT_THREADS = 8;

    private final SmscRoutes routes;
    private final Map<String, List<SmscBind>> submitting = new LinkedHashMap<>();
    private final List<SmscBind> all = new ArrayList<>();
    private final Map<String, AtomicInteger> turns = new ConcurrentHashMap<>();
    private final Object released = new Object();
    private final MeterRegistry registry;
    private final Map<String, Counter> submits = new ConcurrentHashMap<>();
    private final Map<String, Counter> responses = new ConcurrentHashMap<>();

    /** @param onChange told when a bind goes up or down, or a lease is given back */
    SmppSessionPool(SmscRoutes routes, MessageReceiverListener inbound, MeterRegistry registry, Runnable onChange) {
        this.routes = routes;
        this.registry = registry;
        Runnable changed = () -> {
            signal();
            onChange.run();
        };
        for (SmscRoute route : routes.all()) {
            List<SmscBind> binds = new ArrayList<>();
            for (int i = 1; i <= route.binds(); i++) {
                SmscBind bind = new SmscBind(route, i, inbound, route.window() + RECEIPT_THREADS, changed);
                binds.add(bind);
                all.add(bind);
                Gauge.builder("ftp2sms.dispatcher.smpp.window.in.use", bind, SmscBind::inUse)
                        .tags("route", route.name(), "bind", bind.name()).register(registry);
            }
            if (route.submits()) {
                submitting.put(route.name(), binds);
            }
            Gauge.builder("ftp2sms.dispatcher.smpp.binds.up", binds, b -> b.stream().filter(SmscBind::isBound).count())
                    .tag("route", route.name()).register(registry);
        }
    }

    void start() {
        all.forEach(SmscBind::start);
    }

    /** Whether every submitting route can send now, by its own binds or its fallback's. */
    boolean allRoutesUp() {
        return submitting.keySet().stream().allMatch(r -> !usable(r).isEmpty());
    }

    boolean anyBound() {
        return all.stream().anyMatch(SmscBind::isBound);
    }

    /** Waits up to {@code max} for every route to have a bind up; false when some have none yet. */
    boolean awaitAllRoutesUp(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (released) {
            while (!allRoutesUp()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                released.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    /** Whether a message of {@code route} could take a place in a window now. */
    boolean hasRoom(String route) {
        return usable(route).stream().anyMatch(b -> b.window.availablePermits() > 0);
    }

    /** A place in the window of a bind that can carry a message of {@code route} now, if any. */
    Optional<Lease> tryLease(String route) {
        List<SmscBind> binds = usable(route);
        if (binds.isEmpty()) {
            return Optional.empty();
        }
        int start = Math.floorMod(turns.computeIfAbsent(route, r -> new AtomicInteger()).getAndIncrement(), binds.size());
        for (int i = 0; i < binds.size(); i++) {
            SmscBind bind = binds.get((start + i) % binds.size());
            if (bind.window.tryAcquire()) {
                return Optional.of(new Lease(bind));
            }
        }
        return Optional.empty();
    }

    /** Waits up to {@code max} for a place (a submit whose bind broke takes another); empty on timeout. */
    Optional<Lease> lease(String route, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (released) {
            while (true) {
                Optional<Lease> lease = tryLease(route);
                long left = deadline - System.nanoTime();
                if (lease.isPresent() || left <= 0) {
                    return lease;
                }
                released.wait(Math.max(1, Math.min(left / 1_000_000, 1_000)));
            }
        }
    }

    /** The bound binds that carry {@code route}'s messages now: its own, or its fallback's while all of its own are down. */
    private List<SmscBind> usable(String route) {
        List<SmscBind> own = submitting.getOrDefault(route, List.of());
        List<SmscBind> up = own.stream().filter(SmscBind::isBound).toList();
        if (!up.isEmpty()) {
            return up;
        }
        String fallback = routes.named(route).map(SmscRoute::fallback).orElse(null);
        return fallback == null ? List.of() : submitting.getOrDefault(fallback, List.of()).stream().filter(SmscBind::isBound).toList();
    }

    void submitted(SmscBind bind) {
        submits.computeIfAbsent(bind.name(), n -> Counter.builder("ftp2sms.dispatcher.smpp.submits")
                .tags("route", bind.route().name(), "bind", n).register(registry)).increment();
    }

    /** A submit_sm_resp (or generic_nack) with this command status, or {@code timeout}. */
    void answered(SmscBind bind, String status) {
        responses.computeIfAbsent(bind.name() + "/" + status, k -> Counter.builder("ftp2sms.dispatcher.smpp.responses")
                .tags("route", bind.route().name(), "bind", bind.name(), "status", status).register(registry)).increment();
    }

    @Override
    public void close() {
        for (SmscBind bind : all) {
            try {
                bind.close();
            } catch (RuntimeException e) {
                // the others still close
            }
        }
    }

    private void signal() {
        synchronized (released) {
            released.notifyAll();
        }
    }

    /** A place in one bind's window, given back once. */
    final class Lease {
        final SmscBind bind;
        private boolean released;

        private Lease(SmscBind bind) {
            this.bind = bind;
        }

        synchronized boolean isReleased() {
            return released;
        }

        synchronized void release() {
            if (!released) {
                released = true;
                bind.window.release();
                signal();
            }
        }
    }
}
