package org.ftp2sms.admin.console;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The web console, served on the admin API's port: {@code /signin}, {@code /signout}, the page at {@code /} and its
 * script and style under {@code /console/}. The page is one server-rendered shell and plain ES modules calling
 * {@code /api/v1} with the session cookie and CSRF token: no build step, nothing loaded from elsewhere (the
 * Content-Security-Policy allows this origin only).
 */
public final class ConsoleRoutes {
    private static final Logger log = LoggerFactory.getLogger(ConsoleRoutes.class);
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    /** The console's static files and their types: nothing else under {@code /console/} is served. */
    private static final Map<String, String> ASSETS = Map.of(
            "app.js", "text/javascript; charset=utf-8",
            "wizard.js", "text/javascript; charset=utf-8",
            "views.js", "text/javascript; charset=utf-8",
            "dom.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8");

    private final ConsoleSessions sessions;
    private final Predicate<String> isAdminToken;
    private final Map<String, String> assets = ASSETS.keySet().stream()
            .collect(java.util.stream.Collectors.toMap(name -> name, ConsoleRoutes::resource));
    private final String indexPage = resource("index.html");
    private final String signInPage = resource("signin.html");

    public ConsoleRoutes(ConsoleSessions sessions, Predicate<String> isAdminToken) {
        this.sessions = sessions;
        this.isAdminToken = isAdminToken;
    }

    /** Whether {@code path} belongs to the console rather than to the API. */
    public static boolean isConsolePath(String path) {
        return path.equals("/") || path.equals("/signin") || path.equals("/signout") || path.startsWith("/console/");
    }

    public void addTo(RoutesConfig routes) {
        routes.get("/", this::index);
        routes.get("/signin", ctx -> signInPage(ctx, HttpStatus.OK, ""));
        routes.post("/signin", this::signIn);
        routes.post("/signout", this::signOut);
        routes.get("/console/{file}", this::asset);
    }

    private void index(Context ctx) {
        ConsoleSessions.Session session = sessions.of(ctx).orElse(null);
        if (session == null) {
            ctx.redirect("/signin", HttpStatus.SEE_OTHER);
            return;
        }
        page(ctx).html(indexPage.replace("{{csrf}}", session.csrfToken()));
    }

    private void signIn(Context ctx) {
        String token = ctx.formParam("token");
        if (!ConsoleSessions.sameOrigin(ctx)) {
            signInPage(ctx, HttpStatus.FORBIDDEN, "This sign-in came from another site and was refused.");
            return;
        }
        if (token == null || token.isBlank()) {
            signInPage(ctx, HttpStatus.BAD_REQUEST, "Enter the admin token.");
            return;
        }
        if (!isAdminToken.test(token.trim())) {
            log.warn("console sign-in refused: wrong token from {}", ctx.ip());
            signInPage(ctx, HttpStatus.UNAUTHORIZED, "This is not the admin token.");
            return;
        }
        ConsoleSessions.Session session = sessions.open();
        log.info("console sign-in from {}", ctx.ip());
        ctx.header("Set-Cookie", ConsoleSessions.cookie(ctx, session));
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    private void signOut(Context ctx) {
        sessions.of(ctx).ifPresent(session -> {
            if (ConsoleSessions.allows(ctx, session, ctx.formParam(ConsoleSessions.CSRF_FIELD))) {
                sessions.close(session);
                ctx.header("Set-Cookie", ConsoleSessions.expiredCookie(ctx));
            }
        });
        ctx.redirect("/signin", HttpStatus.SEE_OTHER);
    }

    private void signInPage(Context ctx, HttpStatus status, String error) {
        page(ctx).status(status).html(signInPage
                .replace("{{error}}", Html.escape(error))
                .replace("{{invalid}}", error.isEmpty() ? "false" : "true")
                .replace("{{errorHidden}}", error.isEmpty() ? "hidden" : ""));
    }

    private void asset(Context ctx) {
        String file = ctx.pathParam("file");
        String type = ASSETS.get(file);
        if (type == null) {
            ctx.status(HttpStatus.NOT_FOUND).result("not found");
            return;
        }
        ctx.header("Cache-Control", "no-cache").header("X-Content-Type-Options", "nosniff")
                .contentType(type).result(assets.get(file));
    }

    private static Context page(Context ctx) {
        return ctx.header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "same-origin")
                .header("Cache-Control", "no-store");
    }

    private static String resource(String name) {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("console/" + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text placed into the server-rendered pages. */
    static final class Html {
        private Html() {
        }

        static String escape(String text) {
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                    .replace("'", "&#39;");
        }
    }
}
