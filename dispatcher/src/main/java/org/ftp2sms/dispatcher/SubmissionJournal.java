package org.ftp2sms.dispatcher;

import org.apache.kafka.common.serialization.Deserializer;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.service.KafkaSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The durable side of {@link SentMessages}: the compacted topic {@code ftp2sms.smsc-submissions}, keyed
 * {@code id:<smscMessageId>} (a part awaiting its receipt; a tombstone once settled) and {@code to:<phone>:<sender>}
 * (the last message sent to that phone from that sender, to link replies). Written before the message's offset is committed, read
 * whole at start.
 *
 * <p>Why a compacted topic rather than a field on the 100-submitted {@code Status} or a Streams store: receipts
 * need a synchronous lookup on the SMPP thread, so the mapping must be in memory anyway; the topic only has to
 * restore it, and compaction plus tombstones keep it as small as the receipts still awaited. Putting SMSC ids on
 * the public status contract would expose an operator detail to every consumer.
 */
final class SubmissionJournal {
    private static final Logger log = LoggerFactory.getLogger(SubmissionJournal.class);
    private static final String AWAITING = "id:";
    private static final String LAST_TO = "to:";
    /** The whole journal is read at start; a broker that cannot serve it in this time fails the start, visibly. */
    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(10);

    private final EventPublisher publisher;

    SubmissionJournal(EventPublisher publisher) {
        this.publisher = publisher;
    }

    /**
     * Journals a submitted message, then makes it visible to the receipt threads in {@code memory}. In that order:
     * once visible, a fast receipt can tombstone its {@code id:} entry, and the tombstone must follow the entry on
     * the partition (same key, same producer: the producer keeps the order of {@code send} calls). The other way
     * round, compaction could keep the entry after its tombstone, and every restart would restore it as awaited.
     */
    CompletableFuture<Void> sent(SentMessage message, SentMessages memory) {
        CompletableFuture<Void> acked = sent(message);
        memory.sent(message);
        return acked;
    }

    private CompletableFuture<Void> sent(SentMessage message) {
        byte[] value = publisher.submissionValue(message);
        List<CompletableFuture<Void>> acks = new ArrayList<>(message.partIds().size() + 1);
        for (String id : message.partIds()) {
            acks.add(publisher.submission(AWAITING + id, value));
        }
        acks.add(publisher.submission(LAST_TO + SentMessages.conversation(message.phone(), message.sender()), value));
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
    }

    CompletableFuture<Void> settled(List<String> smscMessageIds) {
        return CompletableFuture.allOf(smscMessageIds.stream()
                .map(id -> publisher.submission(AWAITING + id, null)).toArray(CompletableFuture[]::new));
    }

    /** Reads the whole topic into {@code into}. */
    static void load(KafkaSettings kafka, String clientId, SentMessages into) {
        Deserializer<SentMessage> values = JsonSerde.of(SentMessage.class).deserializer();
        long[] records = {0};
        JournalRead.whole(kafka, clientId, LOAD_TIMEOUT, record -> {
            records[0]++;
            String key = record.key();
            SentMessage message;
            try {
                message = values.deserialize(record.topic(), record.value());
            } catch (RuntimeException e) {
                log.warn("unreadable {} entry {} skipped: {}", Topics.SMSC_SUBMISSIONS, key, e.toString());
                return;
            }
            if (key == null) {
                return;
            }
            if (key.startsWith(AWAITING)) {
                into.restoreAwaiting(key.substring(AWAITING.length()), message);
            } else if (key.startsWith(LAST_TO)) {
                into.restoreLast(message);
            }
        });
        log.info(
                "restored {} parts awaiting a receipt from {} records of {}",
                into.awaitingReceipt(),
                records[0],
                Topics.SMSC_SUBMISSIONS);
    }
}
