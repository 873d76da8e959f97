package org.ftp2sms.gateway;

import org.ftp2sms.gateway.GatewaySettings.LoginLimits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Brute-force protection, in memory, shared by SFTP and FTPS. Failures count per (user name, address) and per
 * address; past {@code maxFailures} for a pair (or twice that for an address, whatever the names: a spray), each
 * further attempt from there must wait a delay that doubles with every failure, from {@link #FIRST_DELAY} up to
 * {@code maxDelay}. A user name is never locked as such: a guesser elsewhere cannot lock the owner out, who logs in
 * at once from their own address. The chart keeps client addresses ({@code externalTrafficPolicy: Local}) so that
 * clients behind one load balancer are not one address. Failures are forgotten a window after the last one (and
 * after its delay), so the maps hold only recently failing pairs and addresses.
 */
final class LoginGuard {
    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    /** An address may fail this many times the pair limit, across names, before it waits. */
    static final int ADDRESS_FACTOR = 2;
    private static final int PRUNE_ABOVE = 10_000;

    private final LoginLimits limits;
    private final Clock clock;
    private final Map<String, Failures> byPair = new ConcurrentHashMap<>();
    private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();

    LoginGuard(LoginLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** Why a login of {@code username} from {@code address} must wait before its credentials are even checked. */
    Optional<String> throttled(String username, String address) {
        Instant now = clock.instant();
        Instant until = later(notBefore(byPair.get(pair(username, address))), notBefore(byAddress.get(address)));
        if (until == null || !now.isBefore(until)) {
            return Optional.empty();
        }
        long seconds = Math.max(1, Duration.between(now, until).toSeconds());
        return Optional.of("too many failed logins from this address: try again in " + seconds + " s");
    }

    void failed(String username, String address) {
        Instant now = clock.instant();
        byPair.computeIfAbsent(pair(username, address), k -> new Failures(limits.maxFailures())).add(now);
        byAddress.computeIfAbsent(address, k -> new Failures(limits.maxFailures() * ADDRESS_FACTOR)).add(now);
        if (byPair.size() + byAddress.size() > PRUNE_ABOVE) {
            byPair.values().removeIf(f -> f.isStale(now));
            byAddress.values().removeIf(f -> f.isStale(now));
        }
    }

    /** A successful login forgets the pair's failures (not the address's: one address may try many names). */
    void succeeded(String username, String address) {
        byPair.remove(pair(username, address));
    }

    private static String pair(String username, String address) {
        return address + "\u0000" + username;
    }

    private static Instant notBefore(Failures failures) {
        return failures == null ? null : failures.notBefore();
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    private final class Failures {
        private final int threshold;
        private int count;
        private Instant last = Instant.MIN;
        private Instant notBefore = Instant.MIN;

        Failures(int threshold) {
            this.threshold = threshold;
        }

        synchronized void add(Instant now) {
            if (isStale(now)) {
                count = 0;
            }
            count++;
            last = now;
            if (count >= threshold) {
                int doublings = Math.min(count - threshold, 30);
                Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
                notBefore = now.plus(delay.compareTo(limits.lockout()) > 0 ? limits.lockout() : delay);
            }
        }

        synchronized Instant notBefore() {
            return notBefore;
        }

        /** No failure within the window, counted from the last failure's delay. */
        synchronized boolean isStale(Instant now) {
            Instant quietSince = notBefore.isAfter(last) ? notBefore : last;
            return quietSince != Instant.MIN && now.isAfter(quietSince.plus(limits.failureWindow()));
        }
    }
}
