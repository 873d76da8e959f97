package org.ftp2sms.service.worker;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What an at-least-once stage does to a record; the {@link AtLeastOnceWorker} reads, tracks and commits. */
public interface AtLeastOnceHandler {

    /**
     * Takes a record. Returns true when it is done with at once (nothing to send, say); otherwise the stage settles
     * it later, from any thread, with {@link InOrderOffsets#settled} on {@link AtLeastOnceWorker#offsets()}.
     * Throwing makes the worker restart from the committed offsets (unsettled records are read again).
     */
    boolean handle(ConsumerRecord<String, byte[]> record);

    /**
     * Refuses a record the handler threw on {@link Supervision#attemptsBeforeRefusing()} times, visibly (a dead
     * letter, a counted log line); the worker then settles it. Must not throw.
     */
    void refuse(ConsumerRecord<String, byte[]> record, Throwable cause);
}
