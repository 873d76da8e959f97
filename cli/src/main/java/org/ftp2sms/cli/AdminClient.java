package org.ftp2sms.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Calls to the admin API ({@code /api/v1}); an answer that is not 2xx is an {@link ApiException}. */
final class AdminClient {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String token;

    AdminClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    JsonNode get(String path) throws IOException {
        return call("GET", path, null, null);
    }

    JsonNode delete(String path) throws IOException {
        return call("DELETE", path, null, null);
    }

    JsonNode post(String path, JsonNode body) throws IOException {
        return call("POST", path, body == null ? null : JSON.writeValueAsBytes(body), "application/json");
    }

    JsonNode put(String path, JsonNode body) throws IOException {
        return call("PUT", path, JSON.writeValueAsBytes(body), "application/json");
    }

    JsonNode postCsv(String path, byte[] csv) throws IOException {
        return call("POST", path, csv, "text/csv");
    }

    /** The JSON answer (null when there is none, as for a deletion). */
    JsonNode call(String method, String path, byte[] body, String contentType) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/v1" + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Accept", "application/json");
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        JsonNode json = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            throw new ApiException(response.statusCode(), problems(response.statusCode(), json, response.body()));
        }
        return json;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static List<String> problems(int status, JsonNode json, String body) {
        List<String> problems = new ArrayList<>();
        if (json != null && json.has("errors")) {
            for (JsonNode error : json.get("errors")) {
                problems.add(error.path("field").asText() + ": " + error.path("reason").asText());
            }
        } else if (json != null && json.has("error")) {
            problems.add(json.get("error").asText());
        } else {
            problems.add(body == null || body.isBlank() ? "HTTP " + status : body.strip());
        }
        return problems;
    }
}
