package org.ftp2sms.admin.console;

import io.javalin.http.Context;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in browsers of the console. The session id travels only in an {@code HttpOnly; SameSite=Strict} cookie;
 * each session has its own CSRF token, which the page sends back in {@code X-CSRF-Token} (API calls) or a form
 * field (sign-out), so a request forged by another site carries neither. Sessions live in this process only:
 * a restart signs everybody out, which for an operator's console is the safe side. At most {@link #MAX_SESSIONS}
 * (the least recently used goes first), each ending after {@link #IDLE} without a request.
 */
public final class ConsoleSessions {
    public static final String COOKIE = "ftp2sms_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    public static final String CSRF_FIELD = "csrf";
    static final Duration IDLE = Duration.ofHours(8);
    static final int MAX_SESSIONS = 1000;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    public ConsoleSessions(Clock clock) {
        this.clock = clock;
    }

    /** One browser's session: its CSRF token and when it was last used. */
    public record Session(String id, String csrfToken, Instant lastSeen) {
    }

    /** A new session; its id goes into the cookie. */
    public Session open() {
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.values().stream().min(Comparator.comparing(Session::lastSeen))
                    .ifPresent(oldest -> sessions.remove(oldest.id()));
        }
        Session session = new Session(randomToken(), randomToken(), clock.instant());
        sessions.put(session.id(), session);
        return session;
    }

    /** The request's live session, if its cookie names one; using it keeps it alive. */
    public Optional<Session> of(Context ctx) {
        String id = ctx.cookie(COOKIE);
        if (id == null) {
            return Optional.empty();
        }
        Session session = sessions.get(id);
        Instant now = clock.instant();
        if (session == null) {
            return Optional.empty();
        }
        if (session.lastSeen().plus(IDLE).isBefore(now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        Session touched = new Session(session.id(), session.csrfToken(), now);
        sessions.put(id, touched);
        return Optional.of(touched);
    }

    public void close(Session session) {
        sessions.remove(session.id());
    }

    /**
     * Whether the request may act with this session: reads always; anything else only from this site
     * ({@code Origin}, when the browser sends it, names this host) and with the session's CSRF token.
     */
    public static boolean allows(Context ctx, Session session, String presentedCsrf) {
        String method = ctx.method().name();
        if (method.equals("GET") || method.equals("HEAD")) {
            return true;
        }
        return sameOrigin(ctx) && presentedCsrf != null && MessageDigest.isEqual(
                presentedCsrf.getBytes(StandardCharsets.UTF_8), session.csrfToken().getBytes(StandardCharsets.UTF_8));
    }

    /** No {@code Origin} (not a browser, or an old one: the CSRF token still decides) or this very host. */
    public static boolean sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) {
            return true;
        }
        try {
            String authority = URI.create(origin).getAuthority();
            String host = ctx.header("Host");
            return authority != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The cookie that carries {@code session} ({@code Secure} when the page came over HTTPS). */
    static String cookie(Context ctx, Session session) {
        return COOKIE + "=" + session.id() + "; Path=/; HttpOnly; SameSite=Strict" + (isHttps(ctx) ? "; Secure" : "");
    }

    static String expiredCookie(Context ctx) {
        return COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (isHttps(ctx) ? "; Secure" : "");
    }

    private static boolean isHttps(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
