package org.ftp2sms.dispatcher;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.ftp2sms.contract.Encoding;
import org.ftp2sms.contract.Message;
import org.ftp2sms.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetTrackerTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private final MutableClock clock = new MutableClock(NOW);

    @Test
    void commitsTheLowestUnsettledOffsetAndCarriesWhatSettledAboveItInTheMetadata() {
        OffsetTracker tracker = tracker(10);
        tracker.assigned(P0, 100, null);
        hold(tracker, P0, 100, 101, 102, 103);

        OffsetTracker.Slot b = tracker.dispatched(ready(P0, 102));
        OffsetTracker.Slot c = tracker.dispatched(ready(P0, 103));
        b.settled(true);
        c.settled(true);
        tracker.applySettled();

        // 100 and 101 still wait: the commit stays at 100, with 102..103 settled above it.
        Map<TopicPartition, OffsetAndMetadata> commit = tracker.toCommit();
        assertThat(commit).isEqualTo(Map.of(P0, new OffsetAndMetadata(100, since("v1:2-2", NOW))));
        tracker.committed(commit);
        assertThat(tracker.toCommit()).isEmpty();

        tracker.dispatched(ready(P0, 100)).settled(true);
        tracker.dispatched(ready(P0, 101)).settled(true);
        tracker.applySettled();
        assertThat(tracker.toCommit()).isEqualTo(Map.of(P0, new OffsetAndMetadata(104, since("", NOW))));
    }

    /** After a crash or a rebalance the next owner reads the commit: what settled above it is not submitted again. */
    @Test
    void theNextOwnerSkipsWhatTheCommitSaysSettled() {
        OffsetTracker tracker = new OffsetTracker(10);
        tracker.assigned(P0, 100, new OffsetAndMetadata(100, "v1:2-2,a-1"));

        assertThat(tracker.read(P0, 100)).isTrue();
        assertThat(tracker.read(P0, 101)).isTrue();
        assertThat(tracker.read(P0, 102)).isFalse();
        assertThat(tracker.read(P0, 103)).isFalse();
        assertThat(tracker.read(P0, 104)).isTrue();
        assertThat(tracker.read(P0, 110)).isFalse();
        assertThat(tracker.read(P0, 111)).isTrue();
    }

    /** The window counts messages in flight only: a settled one gives its place back before any commit. */
    @Test
    void aSettledMessageLeavesTheWindowAtOnceAndAFailedCommitIsMadeAgain() {
        OffsetTracker tracker = tracker(2);
        tracker.assigned(P0, 0, null);
        hold(tracker, P0, 0, 1, 2);
        OffsetTracker.Slot one = tracker.dispatched(ready(P0, 1));
        tracker.dispatched(ready(P0, 2));
        assertThat(tracker.hasRoom()).isFalse();
        one.settled(true);
        assertThat(tracker.hasRoom()).as("settled, not applied yet").isFalse();
        tracker.applySettled();
        assertThat(tracker.hasRoom()).isTrue();
        assertThat(tracker.inWindow()).isEqualTo(1);

        Map<TopicPartition, OffsetAndMetadata> first = tracker.toCommit();
        // Sent, not answered: not sent again meanwhile.
        assertThat(tracker.toCommit()).isEmpty();
        // The commit failed: the same state is due again.
        tracker.commitFailed(first);
        assertThat(tracker.toCommit()).isEqualTo(first);
    }

    /**
     * A commit says from when its next owner reads the journal again: the dispatch of its oldest message in flight
     * (that message's status, if it comes, is written later), or the commit's own time when none is.
     */
    @Test
    void aCommitCarriesTheDispatchTimeOfItsOldestMessageInFlight() {
        OffsetTracker tracker = tracker(10);
        tracker.assigned(P0, 0, null);
        hold(tracker, P0, 0, 1, 2);
        OffsetTracker.Slot oldest = tracker.dispatched(ready(P0, 0));
        clock.advance(Duration.ofSeconds(3));
        tracker.dispatched(ready(P0, 1)).settled(true);
        clock.advance(Duration.ofSeconds(4));
        tracker.applySettled();

        OffsetAndMetadata commit = tracker.toCommit().get(P0);
        assertThat(commit).isEqualTo(new OffsetAndMetadata(0, since("v1:1-1", NOW)));
        assertThat(OffsetTracker.submittedSince(commit)).hasValue(NOW.toEpochMilli());

        oldest.settled(true);
        tracker.applySettled();
        assertThat(OffsetTracker.submittedSince(tracker.toCommit().get(P0)))
                .as("none in flight: the commit's time")
                .hasValue(NOW.plusSeconds(7).toEpochMilli());
        assertThat(tracker.toCommit())
                .as("the same state is not committed again for a later time")
                .isEmpty();
    }

    @Test
    void aCommitWithoutATimeNamesNoStatusesToReadAgainAndStillDecodes() {
        assertThat(OffsetTracker.submittedSince(null)).isEmpty();
        assertThat(OffsetTracker.submittedSince(new OffsetAndMetadata(5, "v1:2-2")))
                .isEmpty();
        assertThat(OffsetTracker.decode(5, since("v1:2-2", NOW))).isEqualTo(OffsetTracker.decode(5, "v1:2-2"));
    }

    /** Several commits in flight: a later one carries everything, so an earlier one failing costs nothing. */
    @Test
    void aLaterCommitStandsForAnEarlierOneThatFailed() {
        OffsetTracker tracker = tracker(10);
        tracker.assigned(P0, 0, null);
        hold(tracker, P0, 0, 1);
        tracker.dispatched(ready(P0, 0)).settled(true);
        tracker.applySettled();
        Map<TopicPartition, OffsetAndMetadata> first = tracker.toCommit();
        tracker.dispatched(ready(P0, 1)).settled(true);
        tracker.applySettled();
        Map<TopicPartition, OffsetAndMetadata> second = tracker.toCommit();
        assertThat(second).isEqualTo(Map.of(P0, new OffsetAndMetadata(2, since("", NOW))));

        tracker.commitFailed(first);
        assertThat(tracker.toCommit()).as("nothing to send again: the second is on its way").isEmpty();
        tracker.committed(second);
        // Before the partition moves away, what is not confirmed is committed whatever was sent.
        assertThat(tracker.toCommitSinceConfirmed()).isEmpty();
    }

    @Test
    void aDroppedRecordHoldsTheCommitAndIsReadAgainOnceItsConnectorHasRoom() {
        OffsetTracker tracker = tracker(10);
        tracker.assigned(P0, 0, null);
        assertThat(tracker.read(P0, 0)).isTrue();
        tracker.dropped(P0, 0, "A");
        hold(tracker, P0, 1);
        tracker.dispatched(ready(P0, 1)).settled(true);
        tracker.applySettled();

        assertThat(tracker.toCommit()).isEqualTo(Map.of(P0, new OffsetAndMetadata(0, since("v1:1-1", NOW))));
        assertThat(tracker.rewinds(connector -> false)).isEmpty();
        assertThat(tracker.rewinds(connector -> connector.equals("A"))).isEqualTo(Map.of(P0, 0L));
        // Read again: 0 is handled, 1 (settled) is skipped.
        assertThat(tracker.read(P0, 0)).isTrue();
        assertThat(tracker.read(P0, 1)).isFalse();
        assertThat(tracker.rewinds(connector -> true)).isEmpty();
    }

    @Test
    void aConnectorsPartitionsAreReadAgainOneAtATime() {
        OffsetTracker tracker = bothPartitionsDroppingA(9, false);

        Map<TopicPartition, Long> first = tracker.rewinds(c -> true);
        assertThat(first).hasSize(1);
        TopicPartition rewound = first.keySet().iterator().next();
        assertThat(tracker.rewinds(c -> true)).isEmpty();
        // Read again up to where it had been read: the other partition's turn.
        tracker.read(rewound, 9);
        assertThat(tracker.rewinds(c -> true)).containsOnlyKeys(rewound.equals(P0) ? P1 : P0);
    }

    @Test
    void aFailedMessageIsReadAgainAtOnceAndLeavesTheWindow() {
        OffsetTracker tracker = new OffsetTracker(1);
        tracker.assigned(P0, 0, null);
        hold(tracker, P0, 0);
        tracker.dispatched(ready(P0, 0)).settled(false);
        tracker.applySettled();

        assertThat(tracker.hasRoom()).isTrue();
        assertThat(tracker.rewinds(connector -> false)).isEqualTo(Map.of(P0, 0L));
        assertThat(tracker.read(P0, 0)).isTrue();
    }

    /** Another route down: its messages hold the commit while every other message settles around them. */
    @Test
    void settledMessagesInterleavedWithWaitingOnesFitTheMetadataAsABitmapUpToTheSpan() {
        OffsetTracker tracker = new OffsetTracker(100_000);
        tracker.assigned(P0, 0, null);
        int span = OffsetTracker.MAX_SPAN;
        for (long o = 0; o < span; o++) {
            hold(tracker, P0, o);
        }
        for (long o = 1; o < span; o += 2) {
            tracker.dispatched(ready(P0, o)).settled(true);
        }
        tracker.applySettled();

        OffsetAndMetadata commit = tracker.toCommit().get(P0);
        assertThat(commit.offset()).isZero();
        assertThat(commit.metadata()).startsWith("v2:").hasSizeLessThan(4096);
        tracker.committed(Map.of(P0, commit));

        // The next owner skips exactly what settled.
        OffsetTracker next = new OffsetTracker(10);
        next.assigned(P0, 0, commit);
        assertThat(next.read(P0, 0)).isTrue();
        assertThat(next.read(P0, 1)).isFalse();
        assertThat(next.read(P0, 2)).isTrue();
        assertThat(next.read(P0, span - 1)).isFalse();
        assertThat(next.read(P0, span - 2)).isTrue();
    }

    /** Whatever settles stays within the span, so every message held may go: none waits on the commit point. */
    @Test
    void aRecordPastTheSpanIsNotHandledButReadAgainOnceTheCommitMovesOn() {
        OffsetTracker tracker = new OffsetTracker(10, 100);
        tracker.assigned(P0, 0, null);
        for (long o = 0; o < 100; o++) {
            hold(tracker, P0, o);
        }
        assertThat(tracker.read(P0, 100)).as("past the span").isFalse();
        assertThat(tracker.read(P0, 101)).isFalse();
        assertThat(tracker.readTooFarAhead()).containsExactly(P0);
        // Read again from the first record past the span; the partition still waits for its commit to move.
        assertThat(tracker.rewinds(c -> false)).isEqualTo(Map.of(P0, 100L));
        assertThat(tracker.readTooFarAhead()).containsExactly(P0);
        assertThat(tracker.toCommit().get(P0).offset()).isZero();

        tracker.dispatched(ready(P0, 0)).settled(true);
        tracker.applySettled();
        assertThat(tracker.readTooFarAhead()).isEmpty();
        assertThat(tracker.read(P0, 100)).isTrue();
        assertThat(tracker.read(P0, 101)).as("the commit is at 1: 101 is past the span again").isFalse();
    }

    @Test
    void aPartitionReadASpanPastItsCommitPointWaits() {
        OffsetTracker tracker = new OffsetTracker(10, 100);
        tracker.assigned(P0, 0, null);
        tracker.assigned(P1, 0, null);
        tracker.read(P0, 0);
        tracker.dropped(P0, 0, "A");
        tracker.read(P0, 50);
        assertThat(tracker.readTooFarAhead()).isEmpty();
        tracker.read(P0, 99);
        assertThat(tracker.readTooFarAhead()).containsExactly(P0);
        tracker.rewinds(c -> true);
        assertThat(tracker.readTooFarAhead()).isEmpty();
    }

    /**
     * The cycle behind the 200 000-row stall: a partition read again for A that drops A's records again (A is
     * full again) no longer counts as "being read again for A", so A's other partitions are not held for ever.
     */
    @Test
    void aReReadThatDropsItsConnectorAgainLetsTheConnectorsOtherPartitionsBeReadAgain() {
        OffsetTracker tracker = bothPartitionsDroppingA(99, true);
        TopicPartition first = tracker.rewinds(c -> true).keySet().iterator().next();
        hold(tracker, first, 0);
        assertThat(tracker.read(first, 1)).isTrue();
        tracker.dropped(first, 1, "A"); // still short of where it had been read (99)

        assertThat(tracker.rewinds(c -> true)).as("partitions read again for A").hasSize(1);
    }

    /** A record the loop failed on was read but neither held nor settled: the commit stays below it. */
    @Test
    void aRecordWhoseHandlingFailedHoldsTheCommit() {
        OffsetTracker tracker = tracker(10);
        tracker.assigned(P0, 0, null);
        hold(tracker, P0, 0);
        tracker.dispatched(ready(P0, 0)).settled(true);
        tracker.applySettled();
        assertThat(tracker.read(P0, 1)).isTrue();
        tracker.failed(P0, 1);

        assertThat(tracker.toCommitSinceConfirmed()).isEqualTo(Map.of(P0, new OffsetAndMetadata(1, since("", NOW))));
    }

    @Test
    void revokedPartitionsLeaveTheWindow() {
        OffsetTracker tracker = new OffsetTracker(1);
        tracker.assigned(P0, 0, null);
        hold(tracker, P0, 0);
        OffsetTracker.Slot slot = tracker.dispatched(ready(P0, 0));
        tracker.revoked(List.of(P0));
        assertThat(tracker.hasRoom()).isTrue();
        slot.settled(true);
        tracker.applySettled();
        assertThat(tracker.inWindow()).isZero();
    }

    /** P0 and P1 each dropped A's record at 0 and were read up to {@code last} (dropped too when {@code dropLast}). */
    private static OffsetTracker bothPartitionsDroppingA(long last, boolean dropLast) {
        OffsetTracker tracker = new OffsetTracker(10);
        for (TopicPartition p : List.of(P0, P1)) {
            tracker.assigned(p, 0, null);
            tracker.read(p, 0);
            tracker.dropped(p, 0, "A");
            tracker.read(p, last);
            if (dropLast) {
                tracker.dropped(p, last, "A");
            }
        }
        return tracker;
    }

    private OffsetTracker tracker(int window) {
        return new OffsetTracker(window, OffsetTracker.MAX_SPAN, clock);
    }

    /** Metadata {@code settled} with the time the journal is to be read again from. */
    private static String since(String settled, Instant from) {
        return settled + "@" + Long.toString(from.toEpochMilli(), 36);
    }

    private static void hold(OffsetTracker tracker, TopicPartition p, long... offsets) {
        for (long o : offsets) {
            assertThat(tracker.read(p, o)).isTrue();
            tracker.held(p, o);
        }
    }

    static ReadyMessage ready(TopicPartition p, long offset) {
        return new ReadyMessage(p, offset, new Message("f-" + offset, "f", "c", "32470000000", "ACME", "x", Encoding.GSM7, 1), "smsc");
    }
}
