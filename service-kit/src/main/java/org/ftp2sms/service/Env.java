package org.ftp2sms.service;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Typed reads of {@code FTP2SMS_*} variables, for the settings records. A malformed value fails start-up with
 * a message naming the variable, never later.
 */
public final class Env {
    private final Map<String, String> vars;

    public Env(Map<String, String> vars) {
        this.vars = Map.copyOf(vars);
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    public String string(String name, String fallback) {
        String value = vars.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    public String required(String name) {
        String value = string(name, null);
        if (value == null) {
            throw new SettingsException(name + " is required");
        }
        return value;
    }

    public int integer(String name, int fallback) {
        String value = string(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new SettingsException(name + ": expected a whole number, got '" + value + "'");
        }
    }

    /** A whole number that may exceed an int, such as a size in bytes. */
    public long longValue(String name, long fallback) {
        String value = string(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new SettingsException(name + ": expected a whole number, got '" + value + "'");
        }
    }

    /**
     * {@code FTP2SMS_INSTANCE_ID}, else the host name (a pod's name on Kubernetes). It names this instance's Kafka
     * clients and transactional ids, so two instances must never share one: when neither is known, start-up fails.
     */
    public String instanceId() {
        String id = string("FTP2SMS_INSTANCE_ID", string("HOSTNAME", null));
        if (id != null) {
            return id;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            throw new SettingsException("FTP2SMS_INSTANCE_ID is required: the host name cannot be resolved");
        }
    }

    public boolean bool(String name, boolean fallback) {
        String value = string(name, null);
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase()) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new SettingsException(name + ": expected true or false, got '" + value + "'");
        };
    }

    public Path path(String name, Path fallback) {
        String value = string(name, null);
        return value == null ? fallback : Path.of(value);
    }

    /** A duration as ISO-8601 ({@code PT30S}) or a number of milliseconds. */
    public Duration duration(String name, Duration fallback) {
        String value = string(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return value.chars().allMatch(Character::isDigit) ? Duration.ofMillis(Long.parseLong(value)) : Duration.parse(value);
        } catch (RuntimeException e) {
            throw new SettingsException(name + ": expected milliseconds or an ISO-8601 duration such as PT30S, got '" + value + "'");
        }
    }
}
