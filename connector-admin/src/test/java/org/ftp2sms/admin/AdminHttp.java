package org.ftp2sms.admin;

import com.fasterxml.jackson.databind.JsonNode;
import org.ftp2sms.contract.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Real HTTP calls to a running admin API, as any client makes them. */
final class AdminHttp {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final String token;

    AdminHttp(int port, String token) {
        this.baseUrl = "http://localhost:" + port;
        this.token = token;
    }

    HttpResponse<String> send(String method, String path, String body) {
        return send(method, path, body, token, "application/json");
    }

    HttpResponse<String> send(String method, String path, String body, String bearer, String contentType) {
        return sendBytes(method, path, body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8), bearer, contentType);
    }

    HttpResponse<String> sendBytes(String method, String path, byte[] body, String bearer, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", contentType);
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The JSON answer of a call that must answer {@code status}. */
    JsonNode expect(int status, String method, String path, String body) {
        HttpResponse<String> response = send(method, path, body);
        if (response.statusCode() != status) {
            throw new AssertionError(method + " " + path + ": expected " + status + ", got " + response.statusCode()
                    + ": " + response.body());
        }
        return json(response.body());
    }

    static JsonNode json(String body) {
        try {
            return body == null || body.isEmpty() ? null : Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
