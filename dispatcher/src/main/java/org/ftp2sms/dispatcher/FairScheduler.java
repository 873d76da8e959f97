package org.ftp2sms.dispatcher;

import org.apache.kafka.common.TopicPartition;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Which waiting message goes next: one queue per connector and route, served by smooth weighted round robin
 * (nginx's: every eligible queue gains its weight, the richest goes and pays the sum), weighted by the connector's
 * {@code priority}, so a connector with one message waits for at most one turn of the others, whatever their
 * backlog, and priority 10 gets twice the turns of priority 5. A connector over its {@code maxMessagesPerSecond}
 * is skipped until its next message is due (by the injected {@link Clock}); a queue whose route has no room is
 * skipped without losing its place. Poll thread only.
 */
final class FairScheduler {
    /** A connector's share: its priority (1 to 10) and its rate (0: no limit). */
    interface Shares {
        int priority(String connectorId);

        int maxPerSecond(String connectorId);
    }

    private final Shares shares;
    private final Clock clock;
    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    /** Read by metrics threads too. */
    private final Map<String, Integer> waiting = new ConcurrentHashMap<>();
    /** When each rate-limited connector may send its next message. */
    private final Map<String, Instant> nextDue = new HashMap<>();
    private int size;

    FairScheduler(Shares shares, Clock clock) {
        this.shares = shares;
        this.clock = clock;
    }

    void add(ReadyMessage m) {
        String connectorId = m.message().connectorId();
        lane(m).queue.addLast(m);
        waiting.merge(connectorId, 1, Integer::sum);
        size++;
    }

    /** A message taken by {@link #next} that could not go after all: first in its queue again. */
    void putBack(ReadyMessage m) {
        String connectorId = m.message().connectorId();
        lane(m).queue.addFirst(m);
        waiting.merge(connectorId, 1, Integer::sum);
        size++;
    }

    int size() {
        return size;
    }

    /** Messages of a connector waiting here, all routes together. */
    int waiting(String connectorId) {
        return waiting.getOrDefault(connectorId, 0);
    }

    /** A snapshot of the messages waiting per connector. */
    Map<String, Integer> waitingPerConnector() {
        return Map.copyOf(waiting);
    }

    /**
     * The next message to submit, taken out; empty when none may go now.
     *
     * @param routeHasRoom whether a route can take a message now
     */
    Optional<ReadyMessage> next(Predicate<String> routeHasRoom) {
        Instant now = clock.instant();
        Lane best = null;
        int total = 0;
        for (Lane lane : lanes.values()) {
            if (!routeHasRoom.test(lane.route) || isDueLater(lane.connectorId, now)) {
                continue;
            }
            int weight = shares.priority(lane.connectorId);
            lane.current += weight;
            total += weight;
            if (best == null || lane.current > best.current) {
                best = lane;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        best.current -= total;
        ReadyMessage m = best.queue.pollFirst();
        if (best.queue.isEmpty()) {
            lanes.remove(key(best.connectorId, best.route));
        }
        waiting.computeIfPresent(best.connectorId, (k, n) -> n == 1 ? null : n - 1);
        size--;
        paced(best.connectorId, now);
        return Optional.of(m);
    }

    /** How long until a connector held back only by its rate may go; empty when none is. */
    Optional<Duration> nextDueIn() {
        Instant now = clock.instant();
        Instant earliest = null;
        for (Lane lane : lanes.values()) {
            Instant due = nextDue.get(lane.connectorId);
            if (due != null && due.isAfter(now) && (earliest == null || due.isBefore(earliest))) {
                earliest = due;
            }
        }
        return earliest == null ? Optional.empty() : Optional.of(Duration.between(now, earliest));
    }

    /** Forgets the messages of partitions this instance no longer owns. */
    void drop(Collection<TopicPartition> partitions) {
        for (Iterator<Lane> it = lanes.values().iterator(); it.hasNext(); ) {
            Lane lane = it.next();
            int before = lane.queue.size();
            lane.queue.removeIf(m -> partitions.contains(m.partition()));
            int removed = before - lane.queue.size();
            if (removed > 0) {
                size -= removed;
                waiting.computeIfPresent(lane.connectorId, (k, n) -> n == removed ? null : n - removed);
            }
            if (lane.queue.isEmpty()) {
                it.remove();
            }
        }
    }

    private Lane lane(ReadyMessage m) {
        String connectorId = m.message().connectorId();
        return lanes.computeIfAbsent(key(connectorId, m.route()), k -> new Lane(connectorId, m.route()));
    }

    private static String key(String connectorId, String route) {
        return connectorId + '\u0000' + route;
    }

    private boolean isDueLater(String connectorId, Instant now) {
        Instant due = nextDue.get(connectorId);
        return due != null && due.isAfter(now);
    }

    /** No credit saved while idle: the next message is due one interval after this one (or after the last due time). */
    private void paced(String connectorId, Instant now) {
        int rate = shares.maxPerSecond(connectorId);
        if (rate <= 0) {
            nextDue.remove(connectorId);
            return;
        }
        Instant due = nextDue.get(connectorId);
        Instant from = due == null || due.isBefore(now) ? now : due;
        nextDue.put(connectorId, from.plusNanos(1_000_000_000L / rate));
        if (nextDue.size() > 10_000) {
            nextDue.values().removeIf(d -> d.isBefore(now));
        }
    }

    private static final class Lane {
        final String connectorId;
        final String route;
        final ArrayDeque<ReadyMessage> queue = new ArrayDeque<>();
        int current;

        Lane(String connectorId, String route) {
            this.connectorId = connectorId;
            this.route = route;
        }
    }
}
