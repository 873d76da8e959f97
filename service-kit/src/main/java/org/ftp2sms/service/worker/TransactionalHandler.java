package org.ftp2sms.service.worker;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What a transactional stage does to a record; the {@link TransactionalWorker} does the rest. */
public interface TransactionalHandler {

    /**
     * Handles one record, sending its outputs into {@code tx}. Throwing makes the worker abort the transaction and
     * restart from the committed offsets ({@link RetryLater}: without counting against the record).
     */
    void handle(ConsumerRecord<String, byte[]> record, Transaction tx);

    /**
     * Refuses a record visibly instead of handling it: the handler threw on it {@link Supervision#attemptsBeforeRefusing()}
     * times, or its outputs could not be written (too large). Sends the stage's refusal (a dead letter, a rejected
     * report) into {@code tx}; must not throw.
     */
    void refuse(ConsumerRecord<String, byte[]> record, Transaction tx, Throwable cause);

    /** A new poll batch begins (state that lasts one batch, across its transactions). */
    default void batchStarted() {}

    /** The open transaction committed: what it sent is durable (count it, delete what it consumed...). */
    default void committed() {}

    /** The open transaction was aborted: forget what was counted for it. */
    default void aborted() {}
}
