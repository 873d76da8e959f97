package org.ftp2sms.service.worker;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResourcesTest {

    @Test
    void closesInReverseOrderAndGoesOnPastAFailure() {
        List<String> closed = new ArrayList<>();
        Resources resources = new Resources("test");
        resources.add("first", () -> closed.add("first"));
        resources.onClose("second", () -> {
            closed.add("second");
            throw new IllegalStateException("cannot");
        });
        resources.add("third", () -> closed.add("third"));

        resources.close();
        resources.close();
        assertThat(closed).containsExactly("third", "second", "first");
    }

    @Test
    void backoffDoublesUpToItsCap() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(1));
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 100).stream()
                        .map(backoff::delay)
                        .toList())
                .containsExactly(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(16),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(30));
    }
}
