package org.ftp2sms.service.worker;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InOrderOffsetsTest {
    private static final TopicPartition P = new TopicPartition("t", 0);
    private final InOrderOffsets offsets = new InOrderOffsets();

    private Map<TopicPartition, OffsetAndMetadata> committable() {
        return offsets.committable(List.of(P));
    }

    @Test
    void commitsOnlyBelowTheLowestUnsettledOffsetWhateverTheOrderOfSettlements() {
        for (long o = 10; o < 15; o++) {
            offsets.read(P, o);
        }
        assertThat(committable()).containsEntry(P, new OffsetAndMetadata(10));
        offsets.settled(P, 12);
        offsets.settled(P, 11);
        assertThat(committable()).as("nothing moved").isEmpty();
        offsets.settled(P, 10);
        assertThat(committable()).containsEntry(P, new OffsetAndMetadata(13));
        assertThat(offsets.unsettled()).isEqualTo(2);
        offsets.settled(P, 14);
        offsets.settled(P, 13);
        assertThat(committable()).containsEntry(P, new OffsetAndMetadata(15));
        assertThat(offsets.unsettled()).isZero();
    }

    @Test
    void offsetsSkippedBetweenReadsSuchAsTransactionMarkersCountAsSettled() {
        offsets.read(P, 0);
        offsets.read(P, 5);
        offsets.settled(P, 0);
        assertThat(committable()).containsEntry(P, new OffsetAndMetadata(5));
        offsets.settled(P, 5);
        assertThat(committable()).containsEntry(P, new OffsetAndMetadata(6));
    }

    @Test
    void repeatedOrUnknownSettlementsAreIgnored() {
        offsets.read(P, 0);
        offsets.read(P, 1);
        offsets.settled(P, 0);
        offsets.settled(P, 0);
        offsets.settled(P, 7);
        offsets.settled(new TopicPartition("other", 0), 0);
        assertThat(offsets.unsettled()).isEqualTo(1);
    }

    @Test
    void aForgottenPartitionNoLongerCountsItsUnsettledRecords() {
        offsets.read(P, 0);
        offsets.read(P, 1);
        offsets.read(P, 2);
        offsets.settled(P, 1);
        offsets.forget(List.of(P));
        assertThat(offsets.unsettled()).isZero();
        assertThat(committable()).isEmpty();
    }

    @Test
    void aLongRunKeepsItsBitsBounded() {
        for (long o = 0; o < 300_000; o++) {
            offsets.read(P, o);
            offsets.settled(P, o);
            if (o % 1000 == 0) {
                committable();
            }
        }
        offsets.read(P, 300_000);
        assertThat(committable()).containsEntry(P, new OffsetAndMetadata(300_000));
        offsets.settled(P, 300_000);
        assertThat(committable()).containsEntry(P, new OffsetAndMetadata(300_001));
        assertThat(offsets.unsettled()).isZero();
    }
}
