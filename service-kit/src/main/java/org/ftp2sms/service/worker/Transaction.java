package org.ftp2sms.service.worker;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.Map;

/** The open transaction as a handler sees it: where its outputs go, committed with the consumed offsets. */
public interface Transaction {

    void send(ProducerRecord<String, byte[]> record);

    /** A failed send fails the commit anyway; the callback is for logging it. */
    void send(ProducerRecord<String, byte[]> record, Callback callback);

    /**
     * Drops what the current record sent so far (aborts and begins again), e.g. the rows of a file refused midway,
     * so that only its refusal is sent. Only when the transaction holds nothing of an earlier record
     * ({@link TransactionLimits#perRecord()}).
     */
    void discard();

    /** The end offsets of a topic's partitions, to catch a view up with it before deciding. */
    Map<TopicPartition, Long> endOffsets(String topic);
}
