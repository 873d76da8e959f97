package org.ftp2sms.service.worker;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Called on the worker's thread just before the handler takes a record, as part of handling it: what it throws is
 * the handler's failure. Tests inject faults through it; production uses {@link #NONE}.
 */
@FunctionalInterface
public interface RecordHook {
    RecordHook NONE = record -> {};

    void beforeHandling(ConsumerRecord<String, byte[]> record);
}
