package org.ftp2sms.admin;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.ftp2sms.contract.Suppression;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.rules.phone.PhoneNormalizer;
import org.ftp2sms.rules.phone.PhoneResult;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code /api/v1/suppressions}: list, add, remove and import (CSV) the phones whose rows are refused with 840. A
 * scope is a connector id, or {@code installation} (also {@code *}, as the topic writes it) for every connector.
 */
final class SuppressionRoutes {
    static final String INSTALLATION = "installation";
    static final int MAX_REFUSED = 100;

    private final SuppressionList list;
    private final ConnectorStore connectors;

    SuppressionRoutes(SuppressionList list, ConnectorStore connectors) {
        this.list = list;
        this.connectors = connectors;
    }

    /** What {@code POST /api/v1/suppressions} takes; {@code defaultCountry} reads a national number. */
    record AddRequest(String scope, String phone, String defaultCountry) {
    }

    /** A line of an import that was not added, and why. */
    record RefusedLine(long line, String value, String reason) {
    }

    record ImportResult(String scope, long added, long alreadyListed, long refusedCount, List<RefusedLine> refused) {
    }

    void addTo(RoutesConfig routes) {
        routes.get("/api/v1/suppressions", this::list);
        routes.post("/api/v1/suppressions", this::add);
        routes.delete("/api/v1/suppressions/{scope}/{phone}", this::remove);
        routes.post("/api/v1/suppressions/{scope}/import", this::importCsv);
    }

    private void list(Context ctx) {
        String scope = ctx.queryParam("scope") == null ? null : scope(ctx.queryParam("scope"), "scope");
        ctx.json(list.list(scope, ctx.queryParam("phone"), AdminApi.limit(ctx)));
    }

    private void add(Context ctx) {
        AddRequest request = AdminApi.body(ctx, AddRequest.class);
        if (request.scope() == null || request.scope().isBlank()) {
            throw new ValidationException(List.of(new FieldError("scope", "required: a connector id, or " + INSTALLATION)));
        }
        String scope = scope(request.scope(), "scope");
        if (request.phone() == null || request.phone().isBlank()) {
            throw new ValidationException(List.of(new FieldError("phone", "required")));
        }
        PhoneResult phone = PhoneNormalizer.normalize(request.phone().strip(), country(scope, request.defaultCountry()));
        if (phone instanceof PhoneResult.Refused refused) {
            throw new ValidationException(List.of(new FieldError("phone", refused.reason())));
        }
        String e164 = ((PhoneResult.Valid) phone).phone();
        List<Suppression> added = list.add(scope, List.of(e164));
        if (added.isEmpty()) {
            ctx.json(list.find(scope, e164).orElseThrow());
        } else {
            ctx.status(HttpStatus.CREATED).json(added.get(0));
        }
    }

    private void remove(Context ctx) {
        String scope = pathScope(ctx);
        String phone = ctx.pathParam("phone").replaceAll("[^0-9]", "");
        if (list.remove(scope, phone).isEmpty()) {
            throw new AdminApi.NotFound("phone " + phone + " is not on the suppression list of " + scopeName(scope));
        }
        ctx.status(HttpStatus.NO_CONTENT);
    }

    /**
     * One phone a line: the column named {@code phone} when the first line names one (separated by {@code ;},
     * {@code ,} or a tab), else the first field of every line. Lines that are no phone number are reported, not fatal.
     */
    private void importCsv(Context ctx) {
        String scope = pathScope(ctx);
        String country = country(scope, ctx.queryParam("defaultCountry"));
        List<String> lines = new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8).replace("\uFEFF", "").lines().toList();
        if (lines.isEmpty()) {
            throw new ValidationException(List.of(new FieldError("body", "required: a CSV file with one phone number a line")));
        }
        int column = 0;
        int first = 0;
        List<String> header = fields(lines.get(0));
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).strip().replace("\"", "").toLowerCase(Locale.ROOT).equals("phone")) {
                column = i;
                first = 1;
            }
        }
        Set<String> phones = new LinkedHashSet<>();
        List<RefusedLine> refused = new ArrayList<>();
        long refusedCount = 0;
        for (int n = first; n < lines.size(); n++) {
            List<String> fields = fields(lines.get(n));
            String value = fields.size() > column ? fields.get(column).strip().replace("\"", "") : "";
            if (value.isEmpty() && lines.get(n).isBlank()) {
                continue;
            }
            PhoneResult phone = PhoneNormalizer.normalize(value, country);
            if (phone instanceof PhoneResult.Valid valid) {
                phones.add(valid.phone());
            } else {
                refusedCount++;
                if (refused.size() < MAX_REFUSED) {
                    refused.add(new RefusedLine(n + 1L, value, ((PhoneResult.Refused) phone).reason()));
                }
            }
        }
        int added = list.add(scope, List.copyOf(phones)).size();
        ctx.json(new ImportResult(scope, added, phones.size() - added, refusedCount, refused));
    }

    private static List<String> fields(String line) {
        return List.of(line.split("[;,\t]", -1));
    }

    private String pathScope(Context ctx) {
        String value = ctx.pathParam("scope");
        if (isInstallation(value)) {
            return Suppression.INSTALLATION;
        }
        return connectors.find(value).map(Connector::id)
                .orElseThrow(() -> new AdminApi.NotFound("no connector " + value));
    }

    /** A scope as the topic keys it; an unknown connector is a field error. */
    private String scope(String value, String field) {
        if (isInstallation(value)) {
            return Suppression.INSTALLATION;
        }
        if (connectors.find(value).isEmpty()) {
            throw new ValidationException(List.of(new FieldError(field, "no connector '" + value + "' (a connector id, or "
                    + INSTALLATION + ")")));
        }
        return value;
    }

    /** The default country to read national numbers: the given one, else the connector's. */
    private String country(String scope, String given) {
        if (given != null && !given.isBlank()) {
            return given.strip().toUpperCase(Locale.ROOT);
        }
        return connectors.find(scope).map(Connector::mapping).map(m -> m.defaultCountry()).orElse(null);
    }

    private static boolean isInstallation(String value) {
        return INSTALLATION.equalsIgnoreCase(value.strip()) || Suppression.INSTALLATION.equals(value.strip());
    }

    private static String scopeName(String scope) {
        return Suppression.INSTALLATION.equals(scope) ? INSTALLATION : "connector " + scope;
    }
}
