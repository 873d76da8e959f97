package org.ftp2sms.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import org.ftp2sms.contract.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** {@code --demo}: a ready-made connector, created through the admin API like any other, and how to use it. */
final class DemoConnector {
    static final String NAME = "demo";
    private static final String REQUEST = """
            { "name": "demo", "sender": "FTP2SMS",
              "mapping": { "phoneColumn": "phone", "defaultCountry": "BE" },
              "template": "Hello {{ first_name | capitalize }}, your code is {{ code }}",
              "options": { "maxParts": 3, "dedupeWithinFile": true, "dedupeAcrossFilesDays": 0 },
              "access": { "protocol": "SFTP", "auth": "PASSWORD" } }
            """;

    private final StandaloneApp app;
    private final HttpClient http = HttpClient.newHttpClient();

    DemoConnector(StandaloneApp app) {
        this.app = app;
    }

    String createOrDescribe() throws IOException, InterruptedException {
        JsonNode existing = call("GET", "/api/v1/connectors", null);
        for (JsonNode connector : existing) {
            if (NAME.equals(connector.path("name").asText())) {
                return "demo connector exists: id " + connector.get("id").asText() + ", SFTP user "
                        + connector.get("access").get("username").asText()
                        + " (its password was printed when it was created)";
            }
        }
        JsonNode created = call("POST", "/api/v1/connectors", REQUEST);
        JsonNode credentials = created.get("credentials");
        String user = credentials.get("username").asText();
        return String.join(System.lineSeparator(),
                "demo connector created: id " + created.get("id").asText(),
                "  SFTP user " + user + ", password " + credentials.get("password").asText() + " (shown once)",
                "  try it:",
                "    printf 'phone,first_name,code\\n0476123456,ann,1234\\n' > demo.csv",
                "    sftp -P " + app.sftpPort() + " " + user + "@localhost   then: put demo.csv",
                "  and watch: GET http://localhost:" + app.httpPort() + "/api/v1/ingestions?connectorId="
                        + created.get("id").asText() + " or the topic ftp2sms.statuses on " + app.bootstrapServers());
    }

    private JsonNode call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + app.httpPort() + path))
                .header("Authorization", "Bearer " + app.adminToken())
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException("admin API answered " + response.statusCode() + ": " + response.body());
        }
        return Json.mapper().readTree(response.body());
    }
}
