package org.ftp2sms.service;

/**
 * One condition {@code /readyz} waits for besides the stages themselves (Kafka reachable, for instance).
 * Checks must answer quickly and without blocking on the network: the probe has a short timeout.
 */
public interface ReadinessCheck {

    /** Named in the {@code /readyz} body when it fails, e.g. {@code kafka}. */
    String name();

    boolean isReady();
}
