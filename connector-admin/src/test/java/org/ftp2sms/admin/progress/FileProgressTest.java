package org.ftp2sms.admin.progress;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FileProgressTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void theCountsAreTheSumOfEachPartitionsLastTally() {
        PartitionTally p0 = new PartitionTally(0, "c", Map.of(101, 2L), T0);
        PartitionTally p3 = new PartitionTally(3, "c", Map.of(101, 1L, 200, 4L), T0);
        PartitionTally p0Later = new PartitionTally(0, "c", Map.of(200, 1L, 344, 1L), T0);

        FileProgress progress = FileProgress.empty("f", null, T0)
                .withTally(null, p0, T0)
                .withTally(null, p3, T0)
                .withTally(p0, p0Later, T0);

        assertThat(progress.statusCounts()).isEqualTo(Map.of(101, 1L, 200, 5L, 344, 1L));
        assertThat(progress.connectorId()).isEqualTo("c");
        assertThat(progress.withTally(p0Later, p0Later, T0).statusCounts())
                .as("the same tally again")
                .isEqualTo(progress.statusCounts());
    }
}
