package org.ftp2sms.gateway;

import org.ftp2sms.gateway.GatewaySettings.LoginLimits;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Brute-force protection, in memory, shared by SFTP and FTPS: after {@code maxFailures} failed logins for one user
 * name, or from one address, within the window, that name (or address) is refused for the lockout period, even
 * with the right password. Entries expire by themselves, so the maps hold only recently failing names and addresses.
 */
final class LoginGuard {
    private final LoginLimits limits;
    private final Clock clock;
    private final Map<String, Failures> byUsername = new ConcurrentHashMap<>();
    private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();

    LoginGuard(LoginLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** Why a login of {@code username} from {@code address} is refused before its credentials are even checked. */
    Optional<String> lockedOut(String username, String address) {
        Instant now = clock.instant();
        if (isLocked(byAddress, address, now)) {
            return Optional.of("too many failed logins from this address: locked for " + limits.lockout());
        }
        if (isLocked(byUsername, username, now)) {
            return Optional.of("too many failed logins for this user name: locked for " + limits.lockout());
        }
        return Optional.empty();
    }

    void failed(String username, String address) {
        Instant now = clock.instant();
        record(byUsername, username, now);
        record(byAddress, address, now);
        if (byAddress.size() + byUsername.size() > 10_000) {
            byUsername.values().removeIf(f -> f.isStale(now));
            byAddress.values().removeIf(f -> f.isStale(now));
        }
    }

    /** A successful login forgets the name's failures (not the address's: one address may try many names). */
    void succeeded(String username) {
        byUsername.remove(username);
    }

    private boolean isLocked(Map<String, Failures> map, String key, Instant now) {
        Failures failures = map.get(key);
        return failures != null && failures.isLocked(now);
    }

    private void record(Map<String, Failures> map, String key, Instant now) {
        map.computeIfAbsent(key, k -> new Failures()).add(now);
    }

    private final class Failures {
        private final Deque<Instant> recent = new ArrayDeque<>();
        private Instant lockedUntil = Instant.MIN;

        synchronized void add(Instant now) {
            if (now.isBefore(lockedUntil)) {
                return;
            }
            forgetOlderThan(now.minus(limits.failureWindow()));
            recent.addLast(now);
            if (recent.size() >= limits.maxFailures()) {
                lockedUntil = now.plus(limits.lockout());
                recent.clear();
            }
        }

        synchronized boolean isLocked(Instant now) {
            return now.isBefore(lockedUntil);
        }

        synchronized boolean isStale(Instant now) {
            forgetOlderThan(now.minus(limits.failureWindow()));
            return recent.isEmpty() && !now.isBefore(lockedUntil);
        }

        private void forgetOlderThan(Instant cutoff) {
            while (!recent.isEmpty() && recent.peekFirst().isBefore(cutoff)) {
                recent.removeFirst();
            }
        }
    }
}
