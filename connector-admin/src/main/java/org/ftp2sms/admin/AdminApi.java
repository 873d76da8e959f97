package org.ftp2sms.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import org.ftp2sms.contract.IngestionReport;
import org.ftp2sms.contract.Protocol;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.json.Json;
import org.ftp2sms.service.LiveTopicView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** The routes of the admin API ({@code /api/v1}, bearer token) and {@code /health}. */
final class AdminApi {
    private static final Logger log = LoggerFactory.getLogger(AdminApi.class);

    private final ConnectorStore connectors;
    private final LiveTopicView<IngestionReport> ingestions;
    private final ConnectorValidator validator;
    private final AdminSettings settings;
    private final byte[] token;

    AdminApi(ConnectorStore connectors, LiveTopicView<IngestionReport> ingestions, ConnectorValidator validator,
             AdminSettings settings) {
        this.connectors = connectors;
        this.ingestions = ingestions;
        this.validator = validator;
        this.settings = settings;
        this.token = settings.adminToken().getBytes(StandardCharsets.UTF_8);
    }

    Javalin create(BooleanSupplier healthy) {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            config.jetty.port = settings.httpPort();
            config.routes.get("/health", ctx -> ctx.status(healthy.getAsBoolean() ? 200 : 503)
                    .result(healthy.getAsBoolean() ? "UP" : "DOWN"));
            config.routes.before("/api/*", this::authenticate);
            config.routes.post("/api/v1/connectors", this::createConnector);
            config.routes.get("/api/v1/connectors", ctx -> ctx.json(connectors.all().stream()
                    .sorted(Comparator.comparing(Connector::createdAt))
                    .map(c -> ConnectorResponse.of(c, null)).toList()));
            config.routes.get("/api/v1/connectors/{id}", ctx -> ctx.json(ConnectorResponse.of(connector(ctx), null)));
            config.routes.get("/api/v1/ingestions", this::listIngestions);
            config.routes.get("/api/v1/ingestions/{fileIngestionId}", ctx -> ctx.json(ingestions
                    .get(ctx.pathParam("fileIngestionId"))
                    .orElseThrow(() -> new NotFound("no file with ingestion id " + ctx.pathParam("fileIngestionId")))));
            config.routes.exception(ValidationException.class, (e, ctx) ->
                    ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("errors", e.errors())));
            config.routes.exception(NotFound.class, (e, ctx) ->
                    ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", e.getMessage())));
            config.routes.exception(Unauthorized.class, (e, ctx) ->
                    ctx.status(HttpStatus.UNAUTHORIZED).header("WWW-Authenticate", "Bearer").json(Map.of("error", e.getMessage())));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("admin request {} {} failed: {}", ctx.method(), ctx.path(), e.toString(), e);
                ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).json(Map.of("error", "internal error; see the service log"));
            });
        });
    }

    private void authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        byte[] presented = header != null && header.startsWith("Bearer ")
                ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(presented, token)) {
            throw new Unauthorized(header == null ? "missing Authorization: Bearer <token>" : "invalid bearer token");
        }
    }

    private void createConnector(Context ctx) {
        ConnectorRequest request = body(ctx, ConnectorRequest.class);
        validator.validate(request);
        ConnectorStore.Created created = connectors.create(request);
        Connector c = created.connector();
        Credentials credentials = new Credentials(c.access().protocol(), settings.publicHost(),
                c.access().protocol() == Protocol.SFTP ? settings.sftpPort() : settings.ftpsPort(),
                c.access().username(), created.password());
        ctx.status(HttpStatus.CREATED).json(ConnectorResponse.of(c, credentials));
    }

    private void listIngestions(Context ctx) {
        String connectorId = ctx.queryParam("connectorId");
        if (connectorId == null) {
            throw new ValidationException(List.of(new FieldError("connectorId", "required query parameter")));
        }
        ctx.json(ingestions.values().stream()
                .filter(r -> connectorId.equals(r.connectorId()))
                .sorted(Comparator.comparing(IngestionReport::at).reversed())
                .toList());
    }

    private Connector connector(Context ctx) {
        String id = ctx.pathParam("id");
        return connectors.find(id).orElseThrow(() -> new NotFound("no connector " + id));
    }

    private static <T> T body(Context ctx, Class<T> type) {
        try {
            T value = Json.mapper().readValue(ctx.body(), type);
            if (value == null) {
                throw new ValidationException(List.of(new FieldError("body", "a JSON object is required")));
            }
            return value;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw new ValidationException(List.of(new FieldError("body", "not valid JSON for this request" + where
                    + ": " + e.getOriginalMessage())));
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
