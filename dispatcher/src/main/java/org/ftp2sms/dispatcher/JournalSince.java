package org.ftp2sms.dispatcher;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.service.KafkaSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * The message ids of the receipt entries ({@code id:<smscMessageId>}) written to the submission journal
 * ({@link SubmissionJournal}, {@code ftp2sms.smsc-submissions}) since a time: what a dispatcher taking partitions
 * over must not submit again. The journal, not the statuses: a message skipped must have its receipt mapping, or
 * its receipt would find nothing and it would stay {@code 100-submitted} for ever; one whose entry was lost in a
 * crash is submitted again (it was in flight: the window). Reads each partition from its first record at or after
 * the time (Kafka's time index) up to its end when asked; tombstones and {@code to:} entries are passed over.
 */
final class JournalSince implements DispatchLoop.SubmittedMessages {
    private static final Logger log = LoggerFactory.getLogger(JournalSince.class);
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String AWAITING = "id:";
    private final KafkaSettings kafka;
    private final String clientId;
    private final Deserializer<SentMessage> entries =
            JsonSerde.of(SentMessage.class).deserializer();

    JournalSince(KafkaSettings kafka, String clientId) {
        this.kafka = kafka;
        this.clientId = clientId;
    }

    @Override
    public Set<String> since(Instant from) {
        Set<String> ids = new HashSet<>();
        JournalRead.since(kafka, clientId, from, TIMEOUT, record -> {
            if (record.key() != null && record.key().startsWith(AWAITING) && record.value() != null) {
                add(record, ids);
            }
        });
        return ids;
    }

    private void add(ConsumerRecord<String, byte[]> record, Set<String> ids) {
        try {
            SentMessage entry = entries.deserialize(record.topic(), record.value());
            if (entry != null && entry.messageId() != null) {
                ids.add(entry.messageId());
            }
        } catch (RuntimeException e) {
            log.warn("unreadable {} entry {} passed over: {}", Topics.SMSC_SUBMISSIONS, record.key(), e.toString());
        }
    }
}
