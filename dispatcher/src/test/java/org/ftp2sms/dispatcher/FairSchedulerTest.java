package org.ftp2sms.dispatcher;

import org.apache.kafka.common.TopicPartition;
import org.ftp2sms.contract.Encoding;
import org.ftp2sms.contract.Message;
import org.ftp2sms.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class FairSchedulerTest {
    private static final TopicPartition P = new TopicPartition("t", 0);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final Map<String, Integer> priorities = new HashMap<>();
    private final Map<String, Integer> rates = new HashMap<>();
    private final FairScheduler scheduler = new FairScheduler(new FairScheduler.Shares() {
        @Override
        public int priority(String connectorId) {
            return priorities.getOrDefault(connectorId, 5);
        }

        @Override
        public int maxPerSecond(String connectorId) {
            return rates.getOrDefault(connectorId, 0);
        }
    }, clock);
    private long offset;

    @Test
    void aOneMessageConnectorGoesWithinOneTurnWhateverTheOthersBacklog() {
        add("A", 10_000);
        for (int i = 0; i < 100; i++) {
            next();
        }
        add("B", 1);

        List<String> order = take(3);

        assertThat(order.indexOf("B")).isLessThanOrEqualTo(1);
        assertThat(scheduler.waiting("B")).isZero();
        assertThat(scheduler.waiting("A")).isEqualTo(10_000 - 102);
    }

    @Test
    void priorityTenGetsTwiceTheShareOfPriorityFive() {
        priorities.put("high", 10);
        priorities.put("normal", 5);
        add("high", 5_000);
        add("normal", 5_000);

        List<String> order = take(2_000);

        long high = order.stream().filter("high"::equals).count();
        long normal = order.stream().filter("normal"::equals).count();
        assertThat((double) high / normal).isBetween(1.9, 2.1);
        // Smooth: never more than two of the high one in a row.
        assertThat(String.join(",", order)).doesNotContain("high,high,high");
    }

    @Test
    void aConnectorOverItsRateWaitsAndTheOthersGoMeanwhile() {
        rates.put("slow", 2);
        add("slow", 10);
        add("fast", 10);

        List<String> now = take(6);
        assertThat(now.stream().filter("slow"::equals).count()).isEqualTo(1);
        take(5); // fast's last ones
        assertThat(scheduler.next(r -> true)).isEmpty();
        assertThat(scheduler.nextDueIn()).contains(Duration.ofMillis(500));

        clock.advance(Duration.ofMillis(500));
        assertThat(take(1)).containsExactly("slow");
        assertThat(scheduler.next(r -> true)).isEmpty();
        // Idle time saves no credit: after 10 s, still one message per half second.
        clock.advance(Duration.ofSeconds(10));
        assertThat(take(1)).containsExactly("slow");
        assertThat(scheduler.next(r -> true)).isEmpty();
    }

    @Test
    void aQueueWhoseRouteHasNoRoomIsSkippedAndKeepsItsMessages() {
        scheduler.add(message("A", "down"));
        scheduler.add(message("B", "up"));

        Optional<ReadyMessage> first = scheduler.next("up"::equals);
        assertThat(first).map(m -> m.message().connectorId()).contains("B");
        assertThat(scheduler.next("up"::equals)).isEmpty();
        assertThat(scheduler.next(r -> true)).map(m -> m.message().connectorId()).contains("A");
    }

    @Test
    void droppedPartitionsLeaveTheQueues() {
        add("A", 3);
        scheduler.drop(List.of(P));
        assertThat(scheduler.size()).isZero();
        assertThat(scheduler.waiting("A")).isZero();
        assertThat(scheduler.next(r -> true)).isEmpty();
    }

    private void add(String connector, int n) {
        for (int i = 0; i < n; i++) {
            scheduler.add(message(connector, "smsc"));
        }
    }

    private ReadyMessage message(String connector, String route) {
        long o = offset++;
        return new ReadyMessage(P, o, new Message(connector + "-" + o, "f", connector, "32470000000", "ACME", "x", Encoding.GSM7, 1), route);
    }

    private String next() {
        return scheduler.next(r -> true).orElseThrow().message().connectorId();
    }

    private List<String> take(int n) {
        List<String> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(next());
        }
        return order;
    }
}
