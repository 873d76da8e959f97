package org.ftp2sms.service;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.ftp2sms.contract.Topics;

import java.nio.charset.StandardCharsets;

/**
 * Records a reader could not read, kept whole on {@link Topics#DEAD_LETTERS}: the original key and value bytes,
 * and headers saying where it came from and why it was set aside, so an operator can look, fix and replay.
 */
public final class DeadLetters {
    public static final String ORIGIN_TOPIC = "ftp2sms.origin.topic";
    public static final String ORIGIN_PARTITION = "ftp2sms.origin.partition";
    public static final String ORIGIN_OFFSET = "ftp2sms.origin.offset";
    public static final String READER = "ftp2sms.reader";
    public static final String REASON = "ftp2sms.reason";
    private static final int MAX_REASON_CHARS = 500;

    private DeadLetters() {
    }

    /** The dead letter of a record with a text key (as every ftp2sms topic has). */
    public static ProducerRecord<String, byte[]> of(Unreadable unreadable, String key, byte[] value) {
        return new ProducerRecord<>(Topics.DEAD_LETTERS, null, key, value, headers(unreadable));
    }

    /** The dead letter of a record as raw bytes (Kafka Streams' handler sees them so). */
    public static ProducerRecord<byte[], byte[]> ofRaw(Unreadable unreadable, byte[] key, byte[] value) {
        return new ProducerRecord<>(Topics.DEAD_LETTERS, null, key, value, headers(unreadable));
    }

    /** The headers of a dead letter: where it came from and why (a Kafka Streams sink writes them as given). */
    public static RecordHeaders headers(Unreadable u) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ORIGIN_TOPIC, bytes(u.topic()));
        headers.add(ORIGIN_PARTITION, bytes(String.valueOf(u.partition())));
        headers.add(ORIGIN_OFFSET, bytes(String.valueOf(u.offset())));
        headers.add(READER, bytes(u.reader()));
        String reason = u.reason().length() > MAX_REASON_CHARS ? u.reason().substring(0, MAX_REASON_CHARS) : u.reason();
        headers.add(REASON, bytes(reason));
        return headers;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
