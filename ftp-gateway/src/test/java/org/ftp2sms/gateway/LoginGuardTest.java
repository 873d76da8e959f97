package org.ftp2sms.gateway;

import org.ftp2sms.gateway.GatewaySettings.LoginLimits;
import org.ftp2sms.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LoginGuardTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final LoginGuard guard = new LoginGuard(new LoginLimits(3, Duration.ofMinutes(5), Duration.ofMinutes(15)), clock);

    @Test
    void aGuesserWaitsADelayThatDoublesWithEachFurtherFailure() {
        for (int i = 0; i < 3; i++) {
            assertThat(guard.throttled("ann", "10.0.0.1")).isEmpty();
            guard.failed("ann", "10.0.0.1");
        }
        for (long expected : new long[] {1, 2, 4, 8, 16}) {
            assertThat(guard.throttled("ann", "10.0.0.1")).hasValueSatisfying(r -> assertThat(r)
                    .isEqualTo("too many failed logins from this address: try again in " + expected + " s"));
            clock.advance(Duration.ofSeconds(expected).minusMillis(1));
            assertThat(guard.throttled("ann", "10.0.0.1")).as("still waiting").isPresent();
            clock.advance(Duration.ofMillis(1));
            assertThat(guard.throttled("ann", "10.0.0.1")).isEmpty();
            guard.failed("ann", "10.0.0.1");
        }
    }

    @Test
    void theDelayNeverExceedsTheMaximum() {
        for (int i = 0; i < 40; i++) {
            guard.failed("ann", "10.0.0.1");
        }
        clock.advance(Duration.ofMinutes(15));
        assertThat(guard.throttled("ann", "10.0.0.1")).isEmpty();
    }

    @Test
    void theOwnerFromAnotherAddressIsNeverHeldBackByAGuesser() {
        for (int i = 0; i < 20; i++) {
            guard.failed("ann", "10.0.0.1");
        }

        assertThat(guard.throttled("ann", "10.0.0.1")).isPresent();
        assertThat(guard.throttled("ann", "10.0.0.2")).isEmpty();
    }

    @Test
    void anAddressSprayingManyNamesWaitsToo() {
        for (int i = 0; i < 5; i++) {
            guard.failed("user" + i, "10.0.0.1");
        }
        assertThat(guard.throttled("someone", "10.0.0.1")).as("below twice the limit").isEmpty();
        guard.failed("user5", "10.0.0.1");

        assertThat(guard.throttled("someone", "10.0.0.1")).isPresent();
        assertThat(guard.throttled("someone", "10.0.0.2")).isEmpty();
    }

    @Test
    void failuresAreForgottenAWindowAfterTheLastOne() {
        guard.failed("ann", "10.0.0.1");
        guard.failed("ann", "10.0.0.1");
        clock.advance(Duration.ofMinutes(6));
        guard.failed("ann", "10.0.0.1");

        assertThat(guard.throttled("ann", "10.0.0.1")).isEmpty();
    }

    @Test
    void aSuccessfulLoginForgetsThePairsFailures() {
        guard.failed("ann", "10.0.0.1");
        guard.failed("ann", "10.0.0.1");
        guard.succeeded("ann", "10.0.0.1");
        guard.failed("ann", "10.0.0.1");

        assertThat(guard.throttled("ann", "10.0.0.1")).isEmpty();
    }
}
