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

    /** Stops the stage, finishing or abandoning in-flight work so that nothing accepted is lost. */
    @Override
    void close();
}
