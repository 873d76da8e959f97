package org.ftp2sms.service;

/**
 * A pipeline stage built from its settings record. The stage's own {@code main} and {@code standalone} both
 * start it through this interface, so running it as a separate process needs no other plumbing.
 */
public interface Stage extends AutoCloseable {

    /** Short name for logs and metrics, e.g. {@code row-splitter}. */
    String name();

    /** Starts the stage; returns once it is serving. */
    void start();

    /** Whether the stage is working (its threads alive, its clients connected). */
    boolean isHealthy();

    /**
     * False once a worker thread of a started stage ended while the stage was not being closed: only a restart
     * brings it back, so {@code /livez} fails. Nothing outside the process counts (an outage is for
     * {@link #isHealthy()}). Stages whose workers restart themselves (Kafka Streams, servers) keep the default.
     */
    default boolean isAlive() {
        return true;
    }

    /** Stops the stage, finishing or abandoning in-flight work so that nothing accepted is lost. */
    @Override
    void close();
}
