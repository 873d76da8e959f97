package org.ftp2sms.dispatcher;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CommitWindowTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    @Test
    void commitsEachPartitionsSettledPrefixAndFreesRoomOnlyThen() {
        CommitWindow window = new CommitWindow(3);
        CommitWindow.Slot a = window.take(P0, 10);
        CommitWindow.Slot b = window.take(P0, 11);
        CommitWindow.Slot c = window.take(P1, 5);
        assertThat(window.hasRoom()).isFalse();

        b.settled(true);
        c.settled(true);
        Map<TopicPartition, Long> rewinds = new HashMap<>();
        // 11 is done but 10 is not: partition 0 commits nothing yet, partition 1 commits past 5.
        assertThat(window.settle(rewinds)).isEqualTo(Map.of(P1, new OffsetAndMetadata(6)));
        assertThat(window.toCommit()).isEqualTo(Map.of(P1, new OffsetAndMetadata(6)));
        window.committed(window.toCommit());
        assertThat(window.size()).isEqualTo(2);

        a.settled(true);
        assertThat(window.settle(rewinds)).isEqualTo(Map.of(P0, new OffsetAndMetadata(12)));
        window.committed(window.toCommit());
        assertThat(window.size()).isZero();
        assertThat(window.toCommit()).isEmpty();
        assertThat(rewinds).isEmpty();
    }

    /** Commits are asynchronous: a settled message counts until the broker confirms, or a crash could repeat more. */
    @Test
    void aSettledMessageKeepsItsRoomUntilItsCommitIsConfirmedAndAFailedCommitIsMadeAgain() {
        CommitWindow window = new CommitWindow(2);
        window.take(P0, 1).settled(true);
        window.take(P0, 2).settled(true);
        window.settle(new HashMap<>());
        Map<TopicPartition, OffsetAndMetadata> first = window.toCommit();
        assertThat(first).isEqualTo(Map.of(P0, new OffsetAndMetadata(3)));
        assertThat(window.hasRoom()).isFalse();

        // The commit failed (no confirmation): the same offsets are still to commit, and the room still taken.
        assertThat(window.toCommit()).isEqualTo(first);
        assertThat(window.hasRoom()).isFalse();

        window.committed(first);
        assertThat(window.size()).isZero();
        assertThat(window.toCommit()).isEmpty();
    }

    @Test
    void aConfirmationCoversOnlyThePrefixesItCommitted() {
        CommitWindow window = new CommitWindow(5);
        window.take(P0, 1).settled(true);
        window.settle(new HashMap<>());
        Map<TopicPartition, OffsetAndMetadata> inFlight = window.toCommit();
        window.take(P0, 2).settled(true);
        window.settle(new HashMap<>());

        window.committed(inFlight);

        assertThat(window.size()).isEqualTo(1);
        assertThat(window.toCommit()).isEqualTo(Map.of(P0, new OffsetAndMetadata(3)));
    }

    @Test
    void aSettlingMessageWakesThePollThread() throws InterruptedException {
        CommitWindow window = new CommitWindow(5);
        CommitWindow.Slot slot = window.take(P0, 1);
        assertThat(window.awaitSettled(java.time.Duration.ZERO)).isFalse();
        slot.settled(true);
        assertThat(window.awaitSettled(java.time.Duration.ofSeconds(30))).isTrue();
        assertThat(window.awaitSettled(java.time.Duration.ZERO)).isFalse();
    }

    @Test
    void aFailedMessageSendsItsPartitionBackToItAndEmptiesIt() {
        CommitWindow window = new CommitWindow(10);
        window.take(P0, 1).settled(true);
        window.take(P0, 2).settled(false);
        window.take(P0, 3).settled(true);
        window.take(P1, 7);
        Map<TopicPartition, Long> rewinds = new HashMap<>();

        assertThat(window.settle(rewinds)).isEqualTo(Map.of(P0, new OffsetAndMetadata(2)));
        assertThat(rewinds).isEqualTo(Map.of(P0, 2L));
        assertThat(window.size()).isEqualTo(2); // 1 settled, its commit not confirmed yet; 7 in flight
        window.committed(window.toCommit());
        assertThat(window.size()).isEqualTo(1);
        window.drop(List.of(P1));
        assertThat(window.size()).isZero();
    }
}
