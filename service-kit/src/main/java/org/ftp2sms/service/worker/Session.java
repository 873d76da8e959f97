package org.ftp2sms.service.worker;

/** One life of a worker's clients, from their creation to their close; the {@link Supervisor} starts a new one after a failure. */
public interface Session extends AutoCloseable {

    /** Creates the clients and joins the group; the worker is ready once this returns. */
    void open();

    /** One poll and what it brought. */
    void runOnce();

    /** Makes a blocked {@link #runOnce()} return (thread-safe). */
    void wakeup();

    /** Closes the clients in reverse order; never throws. */
    @Override
    void close();
}
