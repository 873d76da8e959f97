package org.ftp2sms.standalone;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Calls to a running standalone's admin API with its token, as a customer's operator would make them. */
final class AdminCalls {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private AdminCalls() {
    }

    /** Sends the call and asserts its status; returns the body. */
    static String send(StandaloneApp app, String method, String path, String body, int expectedStatus) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + app.httpPort() + path))
                .header("Authorization", "Bearer " + app.adminToken())
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return response.body();
    }
}
