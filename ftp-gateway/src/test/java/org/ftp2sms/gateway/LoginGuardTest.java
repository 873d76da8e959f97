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
    void aUserNameIsLockedAfterTooManyFailuresWithinTheWindowFromAnyAddress() {
        guard.failed("ann", "10.0.0.1");
        guard.failed("ann", "10.0.0.2");
        assertThat(guard.lockedOut("ann", "10.0.0.9")).isEmpty();
        guard.failed("ann", "10.0.0.3");

        assertThat(guard.lockedOut("ann", "10.0.0.9")).hasValueSatisfying(r -> assertThat(r).contains("user name"));
        assertThat(guard.lockedOut("bob", "10.0.0.9")).isEmpty();
        clock.advance(Duration.ofMinutes(14));
        assertThat(guard.lockedOut("ann", "10.0.0.9")).isPresent();
        clock.advance(Duration.ofMinutes(2));
        assertThat(guard.lockedOut("ann", "10.0.0.9")).isEmpty();
    }

    @Test
    void anAddressIsLockedAfterTooManyFailuresWhateverTheNames() {
        guard.failed("a", "10.0.0.1");
        guard.failed("b", "10.0.0.1");
        guard.failed("c", "10.0.0.1");

        assertThat(guard.lockedOut("ann", "10.0.0.1")).hasValueSatisfying(r -> assertThat(r).contains("address"));
        assertThat(guard.lockedOut("ann", "10.0.0.2")).isEmpty();
    }

    @Test
    void failuresOlderThanTheWindowAreForgotten() {
        guard.failed("ann", "10.0.0.1");
        guard.failed("ann", "10.0.0.2");
        clock.advance(Duration.ofMinutes(6));
        guard.failed("ann", "10.0.0.3");

        assertThat(guard.lockedOut("ann", "10.0.0.4")).isEmpty();
    }

    @Test
    void aSuccessfulLoginForgetsTheNamesFailures() {
        guard.failed("ann", "10.0.0.1");
        guard.failed("ann", "10.0.0.2");
        guard.succeeded("ann");
        guard.failed("ann", "10.0.0.3");

        assertThat(guard.lockedOut("ann", "10.0.0.4")).isEmpty();
    }
}
