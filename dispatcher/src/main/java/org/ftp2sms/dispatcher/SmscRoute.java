package org.ftp2sms.dispatcher;

import org.ftp2sms.service.SettingsException;

import java.nio.file.Path;
import java.util.List;

/**
 * One SMSC the dispatcher binds to, and the destinations it serves.
 *
 * @param name                the route's name in logs, metrics and {@code fallback}
 * @param bindType            transceiver (submits and receipts on each bind), transmitter (submits only) or
 *                            receiver (receipts and replies only)
 * @param binds               sessions opened to this SMSC
 * @param window              submits in flight at once per bind; also, per bind, the most messages submitted twice
 *                            after a crash
 * @param maxSubmitsPerSecond per bind, 0 for no limit (each part of a long message counts)
 * @param tls                 TLS to the SMSC; {@code truststore} (PKCS12 or JKS) when its certificate is not signed
 *                            by a CA the JVM trusts
 * @param prefixes            destination prefixes served (digits, E.164 without {@code +}); the longest match wins
 * @param isDefault           the route of destinations no prefix matches (exactly one route is)
 * @param fallback            the route taken while every bind of this one is down; null: messages wait
 */
public record SmscRoute(String name, String host, int port, String systemId, String password, SmscBindType bindType,
                        int binds, int window, int maxSubmitsPerSecond, boolean tls, Path truststore,
                        String truststorePassword, List<String> prefixes, boolean isDefault, String fallback) {

    public SmscRoute {
        String where = "SMSC route " + name + ": ";
        if (name == null || !name.matches("[A-Za-z0-9_.-]{1,40}")) {
            throw new SettingsException("SMSC route name: 1 to 40 letters, digits, '_', '.', '-' expected, got " + name);
        }
        if (host == null || host.isBlank()) {
            throw new SettingsException(where + "host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new SettingsException(where + "not a port: " + port);
        }
        if (systemId == null || systemId.isBlank() || systemId.length() > 15) {
            throw new SettingsException(where + "systemId: 1 to 15 characters expected");
        }
        if (password == null || password.length() > 8) {
            throw new SettingsException(where + "password: required, at most 8 characters (SMPP 3.4)");
        }
        bindType = bindType == null ? SmscBindType.TRANSCEIVER : bindType;
        if (binds < 1 || binds > 32) {
            throw new SettingsException(where + "binds: 1 to 32 expected, got " + binds);
        }
        if (window < 1 || window > 1000) {
            throw new SettingsException(where + "window: 1 to 1000 expected, got " + window);
        }
        if (maxSubmitsPerSecond < 0) {
            throw new SettingsException(where + "maxSubmitsPerSecond must not be negative");
        }
        prefixes = prefixes == null ? List.of() : List.copyOf(prefixes);
        for (String prefix : prefixes) {
            if (prefix == null || !prefix.matches("[0-9]{1,15}")) {
                throw new SettingsException(where + "prefix '" + prefix + "': 1 to 15 digits expected (E.164 without +)");
            }
        }
        if (fallback != null && fallback.equals(name)) {
            throw new SettingsException(where + "a route cannot be its own fallback");
        }
    }

    /** Whether submits go over this route's binds (a receiver-only route only takes receipts and replies). */
    boolean submits() {
        return bindType != SmscBindType.RECEIVER;
    }

    /** For logs: never the password. */
    String describe() {
        return name + " (" + host + ":" + port + " as " + systemId + ", " + binds + " " + bindType.name().toLowerCase()
                + " bind(s), window " + window + (tls ? ", TLS" : "") + ")";
    }
}
