package org.ftp2sms.dispatcher;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.ftp2sms.service.Env;
import org.ftp2sms.service.SettingsException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The SMSC routes and which one a destination takes: the route with the longest matching prefix, else the
 * default route. Read from the file named by {@code FTP2SMS_SMSC_ROUTES} (YAML when it ends in {@code .yaml} or
 * {@code .yml}, JSON otherwise), or built from the single-SMSC variables as one default route. Passwords never sit
 * in the file: each route names an environment variable ({@code passwordEnv}) or a file ({@code passwordFile}).
 */
public final class SmscRoutes {
    private final List<SmscRoute> routes;
    private final Map<String, SmscRoute> byName;
    private final SmscRoute defaultRoute;

    public SmscRoutes(List<SmscRoute> routes) {
        if (routes == null || routes.isEmpty()) {
            throw new SettingsException("SMSC routes: at least one route expected");
        }
        this.routes = List.copyOf(routes);
        Set<String> names = new HashSet<>();
        for (SmscRoute r : routes) {
            if (!names.add(r.name())) {
                throw new SettingsException("SMSC routes: the name " + r.name() + " is used twice");
            }
        }
        this.byName = routes.stream().collect(Collectors.toUnmodifiableMap(SmscRoute::name, Function.identity()));
        List<SmscRoute> defaults = routes.size() == 1 ? routes : routes.stream().filter(SmscRoute::isDefault).toList();
        if (defaults.size() != 1) {
            throw new SettingsException("SMSC routes: exactly one route must be the default (\"default\": true), found "
                    + defaults.size());
        }
        this.defaultRoute = defaults.get(0);
        Map<String, String> prefixOwner = new HashMap<>();
        for (SmscRoute r : routes) {
            for (String p : r.prefixes()) {
                String other = prefixOwner.putIfAbsent(p, r.name());
                if (other != null) {
                    throw new SettingsException("SMSC routes: prefix " + p + " is served by both " + other + " and " + r.name());
                }
            }
            if (r.fallback() != null) {
                SmscRoute fallback = byName.get(r.fallback());
                if (fallback == null) {
                    throw new SettingsException("SMSC route " + r.name() + ": fallback " + r.fallback() + " is not a route");
                }
                if (!fallback.submits()) {
                    throw new SettingsException("SMSC route " + r.name() + ": fallback " + r.fallback() + " only receives");
                }
            }
        }
        if (!defaultRoute.submits()) {
            throw new SettingsException("SMSC routes: the default route " + defaultRoute.name() + " must be able to submit");
        }
    }

    public List<SmscRoute> all() {
        return routes;
    }

    public Optional<SmscRoute> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The route for a destination (E.164 digits): the longest matching prefix of a submitting route, else the default. */
    public SmscRoute forDestination(String phone) {
        SmscRoute best = defaultRoute;
        int bestLength = -1;
        String digits = phone == null ? "" : phone.startsWith("+") ? phone.substring(1) : phone;
        for (SmscRoute r : routes) {
            if (!r.submits()) {
                continue;
            }
            for (String p : r.prefixes()) {
                if (p.length() > bestLength && digits.startsWith(p)) {
                    best = r;
                    bestLength = p.length();
                }
            }
        }
        return best;
    }

    /** Sum over routes of binds × window: the messages in flight at once, and the most submitted twice after a crash. */
    public int totalWindow() {
        return routes.stream().filter(SmscRoute::submits).mapToInt(r -> r.binds() * r.window()).sum();
    }

    /** The routes file named by {@code path}; passwords and truststore passwords are resolved through {@code env}. */
    public static SmscRoutes read(Path path, Env env) {
        String name = path.getFileName().toString().toLowerCase();
        ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        RoutesFile file;
        try {
            file = mapper.readValue(Files.readString(path), RoutesFile.class);
        } catch (UnrecognizedPropertyException e) {
            if ("password".equals(e.getPropertyName()) || "truststorePassword".equals(e.getPropertyName())) {
                throw new SettingsException("FTP2SMS_SMSC_ROUTES " + path + ": passwords do not belong in the routes file; "
                        + "name an environment variable (passwordEnv) or a file (passwordFile)");
            }
            throw new SettingsException("FTP2SMS_SMSC_ROUTES " + path + ": unknown field '" + e.getPropertyName() + "'");
        } catch (JsonProcessingException e) {
            throw new SettingsException("FTP2SMS_SMSC_ROUTES " + path + ": not a routes file: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new SettingsException("FTP2SMS_SMSC_ROUTES " + path + ": cannot be read: " + e.getMessage());
        }
        if (file == null || file.routes() == null) {
            throw new SettingsException("FTP2SMS_SMSC_ROUTES " + path + ": a top-level 'routes' list expected");
        }
        List<SmscRoute> routes = new ArrayList<>();
        for (RouteDefinition d : file.routes()) {
            routes.add(d.resolve(env, path.getParent()));
        }
        return new SmscRoutes(routes);
    }

    record RoutesFile(List<RouteDefinition> routes) {
    }

    /** A route as written in the file: secrets by reference only. */
    record RouteDefinition(String name, String host, Integer port, String systemId, String passwordEnv, String passwordFile,
                           SmscBindType bindType, Integer binds, Integer window, Integer maxSubmitsPerSecond, Boolean tls,
                           String truststore, String truststorePasswordEnv, List<String> prefixes,
                           @JsonProperty("default") Boolean isDefault, String fallback) {

        SmscRoute resolve(Env env, Path base) {
            String password = secret(env, base, passwordEnv, passwordFile, "password");
            if (password == null) {
                throw new SettingsException("SMSC route " + name + ": passwordEnv or passwordFile required");
            }
            String truststorePassword = truststorePasswordEnv == null ? null : secret(env, base, truststorePasswordEnv, null,
                    "truststore password");
            return new SmscRoute(name, host, port == null ? 2775 : port, systemId, password, bindType,
                    binds == null ? 1 : binds, window == null ? 50 : window, maxSubmitsPerSecond == null ? 0 : maxSubmitsPerSecond,
                    Boolean.TRUE.equals(tls), truststore == null ? null : Path.of(truststore), truststorePassword, prefixes,
                    Boolean.TRUE.equals(isDefault), fallback);
        }

        private String secret(Env env, Path base, String variable, String file, String what) {
            if (variable != null && file != null) {
                throw new SettingsException("SMSC route " + name + ": " + what + " from an environment variable or a file, not both");
            }
            if (variable != null) {
                String value = env.string(variable, null);
                if (value == null) {
                    throw new SettingsException("SMSC route " + name + ": the environment variable " + variable
                            + " holding its " + what + " is not set");
                }
                return value;
            }
            if (file != null) {
                Path p = base == null ? Path.of(file) : base.resolve(file);
                try {
                    return Files.readString(p).strip();
                } catch (IOException e) {
                    throw new SettingsException("SMSC route " + name + ": cannot read its " + what + " file " + p);
                }
            }
            return null;
        }
    }
}
