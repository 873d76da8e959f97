package org.ftp2sms.gateway;

import org.ftp2sms.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class TakenFilesTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");
    private final MutableClock clock = new MutableClock(NOW);
    private final TakenFiles taken = new TakenFiles(clock);

    @Test
    void aConnectorSeesOnlyItsOwnTakenFiles() {
        taken.taken("a", new TakenFile("/orders.csv", 42, NOW));

        assertThat(taken.find("a", "/orders.csv")).hasValueSatisfying(f -> assertThat(f.size()).isEqualTo(42));
        assertThat(taken.find("b", "/orders.csv")).isEmpty();
        assertThat(taken.find("a", "/other.csv")).isEmpty();
    }

    @Test
    void entriesAreForgottenAfterTenMinutes() {
        taken.taken("a", new TakenFile("/orders.csv", 42, NOW));

        clock.set(NOW.plus(Duration.ofMinutes(10)));
        assertThat(taken.find("a", "/orders.csv")).isPresent();
        clock.set(NOW.plus(Duration.ofMinutes(10)).plusSeconds(1));
        assertThat(taken.find("a", "/orders.csv")).isEmpty();
        taken.expire();
        clock.set(NOW);
        assertThat(taken.find("a", "/orders.csv")).as("dropped by expire()").isEmpty();
    }

    @Test
    void atMostAThousandPerConnectorAreKept() {
        for (int i = 0; i < TakenFiles.PER_CONNECTOR + 5; i++) {
            taken.taken("a", new TakenFile("/f" + i + ".csv", i, NOW));
        }

        assertThat(taken.find("a", "/f0.csv")).isEmpty();
        assertThat(taken.find("a", "/f4.csv")).isEmpty();
        assertThat(taken.find("a", "/f5.csv")).isPresent();
        assertThat(taken.find("a", "/f1004.csv")).isPresent();
    }
}
