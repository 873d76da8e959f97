package org.ftp2sms.admin;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ftp2sms.admin.console.ConsoleSessions;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's session over plain HTTP, as a forging site would try it: the cookie is HttpOnly and
 * SameSite=Strict; reads work with it alone; a change needs the session's CSRF token and this site's Origin; a
 * wrong token gets no session; sign-out ends it; the pages carry a same-origin-only Content-Security-Policy.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleSessionTest {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");

    private ConnectorAdminStage stage;
    private final HttpClient http = HttpClient.newHttpClient();
    private String base;

    @BeforeAll
    void start(TestKafka kafka) {
        stage = new ConnectorAdminStage(new AdminSettings(kafka.settings(), 0, AdminApiTest.TOKEN, "localhost", 2222, 2121,
                TestStorage.isolated()), new SimpleMeterRegistry());
        stage.start();
        base = "http://localhost:" + stage.httpPort();
    }

    @AfterAll
    void stop() {
        stage.close();
    }

    @Test
    void aSessionReadsFreelyButChangesOnlyWithItsCsrfTokenFromThisSite() throws Exception {
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/")).GET()).statusCode()).isEqualTo(303);
        HttpResponse<String> wrong = signIn("not-the-token-0123456789");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(wrong.body()).contains("This is not the admin token");

        HttpResponse<String> signedIn = signIn(AdminApiTest.TOKEN);
        assertThat(signedIn.statusCode()).isEqualTo(303);
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith(ConsoleSessions.COOKIE + "=").contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(base + "/")).header("Cookie", cookie).GET());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'none'").contains("script-src 'self'").contains("frame-ancestors 'none'"));
        Matcher m = CSRF.matcher(page.body());
        assertThat(m.find()).isTrue();
        String csrf = m.group(1);

        assertThat(api("GET", "/api/v1/connectors", cookie, null, null, null).statusCode()).isEqualTo(200);
        assertThat(api("POST", "/api/v1/connectors", cookie, null, null, AdminApiTest.VALID).statusCode()).isEqualTo(401);
        assertThat(api("POST", "/api/v1/connectors", cookie, "not-" + csrf, null, AdminApiTest.VALID).statusCode()).isEqualTo(401);
        assertThat(api("POST", "/api/v1/connectors", cookie, csrf, "http://evil.example", AdminApiTest.VALID).statusCode()).isEqualTo(401);
        assertThat(api("POST", "/api/v1/connectors", cookie, csrf, base, AdminApiTest.VALID).statusCode()).isEqualTo(201);
        assertThat(api("GET", "/api/v1/connectors", null, csrf, null, null).statusCode()).as("no cookie").isEqualTo(401);

        // a forged sign-out (no token) leaves the session; the page's own ends it
        send(form("/signout", "csrf=forged", cookie, base));
        assertThat(api("GET", "/api/v1/connectors", cookie, null, null, null).statusCode()).isEqualTo(200);
        HttpResponse<String> out = send(form("/signout", "csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8), cookie, base));
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).contains("Max-Age=0"));
        assertThat(api("GET", "/api/v1/connectors", cookie, null, null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void aSignInFromAnotherSiteIsRefused() throws Exception {
        HttpResponse<String> forged = send(form("/signin", "token=" + AdminApiTest.TOKEN, null, "http://evil.example"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void onlyTheConsolesOwnFilesAreServed() throws Exception {
        HttpResponse<String> script = send(HttpRequest.newBuilder(URI.create(base + "/console/app.js")).GET());
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/console/index.html")).GET()).statusCode()).isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/console/..%2Fopenapi.yaml")).GET()).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> signIn(String token) throws Exception {
        return send(form("/signin", "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8), null, base));
    }

    private HttpRequest.Builder form(String path, String body, String cookie, String origin) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return request;
    }

    private HttpResponse<String> api(String method, String path, String cookie, String csrf, String origin, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (csrf != null) {
            request.header(ConsoleSessions.CSRF_HEADER, csrf);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
