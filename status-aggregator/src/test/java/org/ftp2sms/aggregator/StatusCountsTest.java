package org.ftp2sms.aggregator;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class StatusCountsTest {
    private static final Instant AT = Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void countsEachKnownCodeUnderItselfAndEveryUnknownOneUnderOther() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        StatusCounts counts = new StatusCounts(registry);
        counts.count(status(StatusCode.SUBMITTED.code()));
        counts.count(status(StatusCode.SUBMITTED.code()));
        counts.count(status(StatusCode.DELIVERED.code()));
        for (int unknown = 1; unknown < 1000; unknown += 7) {
            counts.count(status(unknown == 100 || unknown == 200 ? 999 : unknown));
        }
        counts.count(null);

        assertThat(registry.get("ftp2sms.statuses").tag("code", "100").counter().count())
                .isEqualTo(2);
        assertThat(registry.get("ftp2sms.statuses").tag("code", "200").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("ftp2sms.statuses")
                        .tag("code", "other")
                        .counter()
                        .count())
                .as("unknown codes")
                .isPositive();
        assertThat(registry.get("ftp2sms.statuses").counters())
                .as("series: known codes seen, and other")
                .hasSizeLessThanOrEqualTo(StatusCode.values().length + 1);
    }

    private static Status status(int code) {
        return new Status("m", "f", "c", "32470000000", code, null, null, null, code >= 200, AT);
    }
}
