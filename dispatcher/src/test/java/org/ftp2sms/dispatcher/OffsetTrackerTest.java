package org.ftp2sms.dispatcher;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.ftp2sms.contract.Encoding;
import org.ftp2sms.contract.Message;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetTrackerTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    @Test
    void commitsTheLowestUnsettledOffsetAndCarriesWhatSettledAboveItInTheMetadata() {
        OffsetTracker tracker = new OffsetTracker(10);
        tracker.assigned(P0, 100, null);
        hold(tracker, P0, 100, 101, 102, 103);

        OffsetTracker.Slot b = tracker.dispatched(ready(P0, 102));
        OffsetTracker.Slot c = tracker.dispatched(ready(P0, 103));
        b.settled(true);
        c.settled(true);
        tracker.applySettled();

        // 100 and 101 still wait: the commit stays at 100, with 102..103 settled above it.
        Map<TopicPartition, OffsetAndMetadata> commit = tracker.toCommit();
        assertThat(commit).isEqualTo(Map.of(P0, new OffsetAndMetadata(100, "v1:2-2")));
        assertThat(tracker.inWindow()).isEqualTo(2);
        tracker.committed(commit);
        assertThat(tracker.inWindow()).isZero();
        assertThat(tracker.toCommit()).isEmpty();

        tracker.dispatched(ready(P0, 100)).settled(true);
        tracker.dispatched(ready(P0, 101)).settled(true);
        tracker.applySettled();
        assertThat(tracker.toCommit()).isEqualTo(Map.of(P0, new OffsetAndMetadata(104, "")));
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

    @Test
    void aSubmittedMessageKeepsItsWindowPlaceUntilACommitCoversItAndAFailedCommitIsMadeAgain() {
        OffsetTracker tracker = new OffsetTracker(2);
        tracker.assigned(P0, 0, null);
        hold(tracker, P0, 0, 1, 2);
        tracker.dispatched(ready(P0, 1)).settled(true);
        tracker.dispatched(ready(P0, 2)).settled(true);
        tracker.applySettled();
        assertThat(tracker.hasRoom()).isFalse();

        Map<TopicPartition, OffsetAndMetadata> first = tracker.toCommit();
        // Not confirmed (the commit failed): the same commit is due again and the room still taken.
        assertThat(tracker.toCommit()).isEqualTo(first);
        assertThat(tracker.hasRoom()).isFalse();

        tracker.committed(first);
        assertThat(tracker.hasRoom()).isTrue();
    }

    @Test
    void aDroppedRecordHoldsTheCommitAndIsReadAgainOnceItsConnectorHasRoom() {
        OffsetTracker tracker = new OffsetTracker(10);
        tracker.assigned(P0, 0, null);
        assertThat(tracker.read(P0, 0)).isTrue();
        tracker.dropped(P0, 0, "A");
        hold(tracker, P0, 1);
        tracker.dispatched(ready(P0, 1)).settled(true);
        tracker.applySettled();

        assertThat(tracker.toCommit()).isEqualTo(Map.of(P0, new OffsetAndMetadata(0, "v1:1-1")));
        assertThat(tracker.rewinds(connector -> false)).isEmpty();
        assertThat(tracker.rewinds(connector -> connector.equals("A"))).isEqualTo(Map.of(P0, 0L));
        // Read again: 0 is handled, 1 (settled) is skipped.
        assertThat(tracker.read(P0, 0)).isTrue();
        assertThat(tracker.read(P0, 1)).isFalse();
        assertThat(tracker.rewinds(connector -> true)).isEmpty();
    }

    @Test
    void aConnectorsPartitionsAreReadAgainOneAtATime() {
        OffsetTracker tracker = new OffsetTracker(10);
        tracker.assigned(P0, 0, null);
        tracker.assigned(P1, 0, null);
        for (TopicPartition p : List.of(P0, P1)) {
            tracker.read(p, 0);
            tracker.dropped(p, 0, "A");
            tracker.read(p, 9);
        }

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
        for (long o = 0; o < span + 10; o++) {
            hold(tracker, P0, o);
        }
        for (long o = 1; o < span; o += 2) {
            assertThat(tracker.mayGo(ready(P0, o))).isTrue();
            tracker.dispatched(ready(P0, o)).settled(true);
        }
        tracker.applySettled();

        OffsetAndMetadata commit = tracker.toCommit().get(P0);
        assertThat(commit.offset()).isZero();
        assertThat(commit.metadata()).startsWith("v2:").hasSizeLessThan(4096);
        tracker.committed(Map.of(P0, commit));
        // Past the span, with as many ranges, nothing more may go but the partition's lowest message.
        assertThat(tracker.mayGo(ready(P0, span + 5))).isFalse();
        assertThat(tracker.mayGo(ready(P0, 0))).isTrue();

        // The next owner skips exactly what settled.
        OffsetTracker next = new OffsetTracker(10);
        next.assigned(P0, 0, commit);
        assertThat(next.read(P0, 0)).isTrue();
        assertThat(next.read(P0, 1)).isFalse();
        assertThat(next.read(P0, 2)).isTrue();
        assertThat(next.read(P0, span - 1)).isFalse();
        assertThat(next.read(P0, span)).isTrue();
    }

    @Test
    void farBeyondTheSpanRangesAreBoundedAndTheLowestMessageAlwaysGoes() {
        OffsetTracker tracker = new OffsetTracker(100_000);
        tracker.assigned(P0, 0, null);
        long far = OffsetTracker.MAX_SPAN * 2L;
        hold(tracker, P0, 0);
        for (long i = 0; i < 2 * OffsetTracker.MAX_AHEAD_RANGES + 2; i++) {
            hold(tracker, P0, far + i);
        }
        for (long o = far; o < far + 2L * OffsetTracker.MAX_AHEAD_RANGES; o += 2) {
            assertThat(tracker.mayGo(ready(P0, o))).isTrue();
            tracker.dispatched(ready(P0, o)).settled(true);
            tracker.applySettled();
        }
        assertThat(tracker.mayGo(ready(P0, far + 2L * OffsetTracker.MAX_AHEAD_RANGES + 1))).isFalse();
        assertThat(tracker.mayGo(ready(P0, 0))).isTrue();
        assertThat(tracker.toCommit().get(P0).metadata()).startsWith("v1:").hasSizeLessThan(4096);
    }

    @Test
    void aPartitionReadFarPastItsLowestDroppedRecordWaitsForItsRewind() {
        OffsetTracker tracker = new OffsetTracker(10);
        tracker.assigned(P0, 0, null);
        tracker.assigned(P1, 0, null);
        tracker.read(P0, 0);
        tracker.dropped(P0, 0, "A");
        tracker.read(P0, 50);
        assertThat(tracker.readTooFarAhead(100)).isEmpty();
        tracker.read(P0, 150);
        assertThat(tracker.readTooFarAhead(100)).containsExactly(P0);
        tracker.rewinds(c -> true);
        assertThat(tracker.readTooFarAhead(100)).isEmpty();
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
