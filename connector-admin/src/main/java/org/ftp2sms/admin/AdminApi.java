package org.ftp2sms.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import org.ftp2sms.admin.console.ConsoleRoutes;
import org.ftp2sms.admin.console.ConsoleSessions;
import org.ftp2sms.admin.progress.ProgressQueries;
import org.ftp2sms.contract.Protocol;
import org.ftp2sms.contract.connector.AuthMethod;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * The routes of the admin API ({@code /api/v1}, bearer token) and {@code /health}. Every route is described in
 * {@code openapi.yaml} (served at {@code /api/v1/openapi.yaml} without a token), and a test holds the two together.
 */
final class AdminApi {
    private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
    static final String OPENAPI_PATH = "/api/v1/openapi.yaml";
    /** A sample or preview carries a sample file: the first rows of a file are enough to detect everything. */
    static final long MAX_REQUEST_BYTES = 4L * 1024 * 1024;
    static final int DEFAULT_LIST_LIMIT = 100;
    static final int MAX_LIST_LIMIT = 1000;

    private final ConnectorStore connectors;
    private final ProgressQueries progress;
    private final ConnectorValidator validator;
    private final ExportRequests exports;
    private final AdminSettings settings;
    private final ConsoleSessions consoleSessions;
    private final ExportDownloads downloads;
    private final SuppressionList suppressions;
    private final byte[] token;
    private final byte[] openApi;

    AdminApi(ConnectorStore connectors, ProgressQueries progress, ConnectorValidator validator,
             ExportRequests exports, AdminSettings settings, ConsoleSessions consoleSessions, SuppressionList suppressions) {
        this.connectors = connectors;
        this.suppressions = suppressions;
        this.progress = progress;
        this.validator = validator;
        this.exports = exports;
        this.settings = settings;
        this.consoleSessions = consoleSessions;
        this.downloads = new ExportDownloads(settings.storage());
        this.token = settings.adminToken().getBytes(StandardCharsets.UTF_8);
        this.openApi = openApiFile();
    }

    Javalin create(BooleanSupplier healthy) {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            config.jetty.port = settings.httpPort();
            config.jetty.host = settings.httpBind();
            config.routes.get("/health", ctx -> ctx.status(healthy.getAsBoolean() ? 200 : 503)
                    .result(healthy.getAsBoolean() ? "UP" : "DOWN"));
            config.routes.before("/api/*", this::authenticate);
            new ConsoleRoutes(consoleSessions, this::isAdminToken).addTo(config.routes);
            config.routes.get(OPENAPI_PATH, ctx -> ctx.contentType("application/yaml").result(openApi));
            config.routes.post("/api/v1/connectors/sample", this::sample);
            config.routes.post("/api/v1/connectors/preview", this::preview);
            config.routes.post("/api/v1/connectors", this::createConnector);
            config.routes.get("/api/v1/connectors", ctx -> ctx.json(connectors.all().stream()
                    .sorted(Comparator.comparing(Connector::createdAt))
                    .map(c -> ConnectorResponse.of(c, null)).toList()));
            config.routes.get("/api/v1/connectors/{id}", ctx -> ctx.json(ConnectorResponse.of(connector(ctx), null)));
            config.routes.put("/api/v1/connectors/{id}", this::updateConnector);
            config.routes.delete("/api/v1/connectors/{id}", this::deleteConnector);
            config.routes.post("/api/v1/connectors/{id}/credentials", this::rotateCredentials);
            config.routes.get("/api/v1/ingestions", this::listIngestions);
            config.routes.get("/api/v1/ingestions/{fileIngestionId}", ctx -> ctx.json(progress
                    .file(ctx.pathParam("fileIngestionId"))
                    .orElseThrow(() -> new NotFound("no file with ingestion id " + ctx.pathParam("fileIngestionId")))));
            config.routes.post("/api/v1/exports/{connectorId}/{date}", this::requestExport);
            config.routes.get("/api/v1/exports/{connectorId}", ctx -> ctx.json(downloads.list(connectorOf(ctx).id())));
            config.routes.get("/api/v1/exports/{connectorId}/files/{name}", this::downloadExport);
            new SuppressionRoutes(suppressions, connectors).addTo(config.routes);
            config.routes.exception(ValidationException.class, (e, ctx) ->
                    ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("errors", e.errors())));
            config.routes.exception(NotFound.class, (e, ctx) ->
                    ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", e.getMessage())));
            config.routes.exception(ProgressQueries.Unavailable.class, (e, ctx) ->
                    ctx.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1").json(Map.of("error", e.getMessage())));
            config.routes.exception(Unauthorized.class, (e, ctx) ->
                    ctx.status(HttpStatus.UNAUTHORIZED).header("WWW-Authenticate", "Bearer").json(Map.of("error", e.getMessage())));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("admin request {} {} failed: {}", ctx.method(), ctx.path(), e.toString(), e);
                ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).json(Map.of("error", "internal error; see the service log"));
            });
        });
    }

    private void authenticate(Context ctx) {
        if (OPENAPI_PATH.equals(ctx.path())) {
            return; // the description of the API is public; calling it is not
        }
        String header = ctx.header("Authorization");
        if (header == null) {
            // the console: its session cookie, and for a change its CSRF token too
            ConsoleSessions.Session session = consoleSessions.of(ctx).orElse(null);
            if (session != null && ConsoleSessions.allows(ctx, session, ctx.header(ConsoleSessions.CSRF_HEADER))) {
                return;
            }
            throw new Unauthorized(session == null ? "missing Authorization: Bearer <token>"
                    : "a console request without its CSRF token, or from another site");
        }
        if (!isAdminToken(header.startsWith("Bearer ") ? header.substring(7).trim() : "")) {
            throw new Unauthorized("invalid bearer token");
        }
    }

    private boolean isAdminToken(String presented) {
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token);
    }

    private void sample(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            throw new ValidationException(List.of(new FieldError("sample", "required: the sample CSV file as the request body")));
        }
        ctx.json(SampleAnalyzer.analyze(body));
    }

    private void preview(Context ctx) {
        PreviewRequest request = body(ctx, PreviewRequest.class);
        validator.validatePreview(request);
        if (request.connectorId() != null && connectors.find(request.connectorId()).isEmpty()) {
            throw new ValidationException(List.of(new FieldError("connectorId", "no connector '" + request.connectorId()
                    + "': leave it out to preview without a connector's suppression list")));
        }
        ctx.json(ConnectorPreview.run(request, phone -> suppressions.isSuppressed(request.connectorId(), phone)));
    }

    private void createConnector(Context ctx) {
        ConnectorRequest request = body(ctx, ConnectorRequest.class);
        validator.validate(request);
        ConnectorStore.Created created = connectors.create(request);
        ctx.status(HttpStatus.CREATED).json(ConnectorResponse.of(created.connector(),
                credentials(created.connector(), created.password()), created.webhookSecret()));
    }

    private void updateConnector(Context ctx) {
        Connector existing = connector(ctx);
        ConnectorRequest request = body(ctx, ConnectorRequest.class);
        validator.validateUpdate(request, existing);
        ConnectorStore.Created updated = connectors.update(existing.id(), request)
                .orElseThrow(() -> new NotFound("no connector " + existing.id()));
        ctx.json(ConnectorResponse.of(updated.connector(), null, updated.webhookSecret()));
    }

    private void deleteConnector(Context ctx) {
        String id = ctx.pathParam("id");
        if (!connectors.delete(id)) {
            throw new NotFound("no connector " + id);
        }
        ctx.status(HttpStatus.NO_CONTENT);
    }

    private void rotateCredentials(Context ctx) {
        Connector existing = connector(ctx);
        CredentialsRequest request = ctx.body().isBlank() ? new CredentialsRequest(null) : body(ctx, CredentialsRequest.class);
        if (existing.access().auth() == AuthMethod.PASSWORD) {
            if (request.publicKeys() != null) {
                throw new ValidationException(List.of(new FieldError("publicKeys", "this connector logs in with a password:"
                        + " send no body (or {}) for a new password")));
            }
            ConnectorStore.Created rotated = connectors.rotatePassword(existing.id())
                    .orElseThrow(() -> new NotFound("no connector " + existing.id()));
            ctx.json(new CredentialsResponse(existing.id(), credentials(rotated.connector(), rotated.password()), null));
            return;
        }
        if (request.publicKeys() == null) {
            throw new ValidationException(List.of(new FieldError("publicKeys", "this connector logs in with public keys:"
                    + " send { \"publicKeys\": [\"ssh-ed25519 AAAA...\"] } to replace them")));
        }
        validator.validatePublicKeys(request.publicKeys(), existing.access().protocol());
        Connector rotated = connectors.replacePublicKeys(existing.id(), request.publicKeys())
                .orElseThrow(() -> new NotFound("no connector " + existing.id()));
        ctx.json(new CredentialsResponse(existing.id(), credentials(rotated, null), rotated.access().publicKeys()));
    }

    private Credentials credentials(Connector c, String password) {
        return new Credentials(c.access().protocol(), settings.publicHost(),
                c.access().protocol() == Protocol.SFTP ? settings.sftpPort() : settings.ftpsPort(),
                c.access().username(), password);
    }

    private void listIngestions(Context ctx) {
        String connectorId = ctx.queryParam("connectorId");
        if (connectorId == null) {
            throw new ValidationException(List.of(new FieldError("connectorId", "required query parameter")));
        }
        ctx.json(progress.ofConnector(connectorId, limit(ctx)));
    }

    static int limit(Context ctx) {
        String value = ctx.queryParam("limit");
        if (value == null) {
            return DEFAULT_LIST_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIST_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ValidationException(List.of(new FieldError("limit", "a number from 1 to " + MAX_LIST_LIMIT + ", got '" + value + "'")));
    }

    /** Accepted, not done: the status-aggregator writes the two files within moments of the request. */
    private void requestExport(Context ctx) {
        String connectorId = ctx.pathParam("connectorId");
        LocalDate date;
        try {
            date = LocalDate.parse(ctx.pathParam("date"));
        } catch (DateTimeParseException e) {
            throw new ValidationException(List.of(new FieldError("date", "expected a UTC day as YYYY-MM-DD, got '"
                    + ctx.pathParam("date") + "'")));
        }
        if (date.isAfter(exports.today())) {
            throw new ValidationException(List.of(new FieldError("date", "a day in the future has nothing to export: "
                    + date + " is after today (" + exports.today() + " UTC)")));
        }
        connectors.find(connectorId).orElseThrow(() -> new NotFound("no connector " + connectorId));
        exports.request(connectorId, date);
        log.info("connectorId={} exports of {} requested", connectorId, date);
        ctx.status(HttpStatus.ACCEPTED).json(Map.of("connectorId", connectorId, "date", date.toString(),
                "files", List.of("exports/status_" + date + ".csv", "exports/received_" + date + ".csv")));
    }

    private void downloadExport(Context ctx) throws IOException {
        Connector connector = connectorOf(ctx);
        String name = ctx.pathParam("name");
        java.nio.file.Path file = downloads.file(connector.id(), name)
                .orElseThrow(() -> new NotFound("no export file " + name + " for connector " + connector.id()));
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .header("X-Content-Type-Options", "nosniff")
                .contentType("text/csv; charset=utf-8")
                .result(java.nio.file.Files.newInputStream(file));
    }

    private Connector connectorOf(Context ctx) {
        String id = ctx.pathParam("connectorId");
        return connectors.find(id).orElseThrow(() -> new NotFound("no connector " + id));
    }

    private Connector connector(Context ctx) {
        String id = ctx.pathParam("id");
        return connectors.find(id).orElseThrow(() -> new NotFound("no connector " + id));
    }

    static <T> T body(Context ctx, Class<T> type) {
        try {
            T value = Json.mapper().readValue(ctx.body(), type);
            if (value == null) {
                throw new ValidationException(List.of(new FieldError("body", "a JSON object is required")));
            }
            return value;
        } catch (InvalidFormatException e) {
            throw new ValidationException(List.of(invalidValue(e)));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw new ValidationException(List.of(new FieldError("body", "not valid JSON for this request" + where
                    + ": " + e.getOriginalMessage())));
        }
    }

    /** A value of the wrong form, named by its field (e.g. {@code options.expireAfter}) rather than as "body". */
    private static FieldError invalidValue(InvalidFormatException e) {
        String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        String expected = e.getTargetType() == Duration.class ? "an ISO-8601 duration such as PT30M, PT12H or P2D"
                : "a " + e.getTargetType().getSimpleName();
        return new FieldError(field.isEmpty() ? "body" : field, "must be " + expected + ", not \"" + e.getValue() + "\"");
    }

    private static byte[] openApiFile() {
        try (InputStream in = AdminApi.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }

    static final class Unauthorized extends RuntimeException {
        Unauthorized(String message) {
            super(message);
        }
    }
}
