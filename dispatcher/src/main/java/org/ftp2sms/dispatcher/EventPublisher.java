package org.ftp2sms.dispatcher;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.ftp2sms.contract.Reply;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.Suppression;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.service.DeadLetters;
import org.ftp2sms.service.Unreadable;

import java.util.concurrent.CompletableFuture;

/**
 * Statuses (keyed by message id), replies (keyed by phone), suppression list changes and submission journal entries onto their topics; each
 * future completes on the broker's ack.
 */
final class EventPublisher implements AutoCloseable {
    private final Producer<String, byte[]> producer;
    private final Serializer<Status> statuses = JsonSerde.of(Status.class).serializer();
    private final Serializer<Reply> replies = JsonSerde.of(Reply.class).serializer();
    private final Serializer<Suppression> suppressions = JsonSerde.of(Suppression.class).serializer();
    private final Serializer<SentMessage> submissions = JsonSerde.of(SentMessage.class).serializer();

    EventPublisher(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    CompletableFuture<Void> status(Status status) {
        return send(new ProducerRecord<>(Topics.STATUSES, status.messageId(), statuses.serialize(Topics.STATUSES, status)));
    }

    CompletableFuture<Void> reply(Reply reply) {
        return send(new ProducerRecord<>(Topics.REPLIES, reply.phone(), replies.serialize(Topics.REPLIES, reply)));
    }

    /** A change of the suppression list, keyed scope:phone (the latest per key is the list). */
    CompletableFuture<Void> suppression(Suppression change) {
        return send(new ProducerRecord<>(Topics.SUPPRESSIONS, change.key(), suppressions.serialize(Topics.SUPPRESSIONS, change)));
    }

    /** The value of {@code message}'s journal entries, written once for all of its keys. */
    byte[] submissionValue(SentMessage message) {
        return submissions.serialize(Topics.SMSC_SUBMISSIONS, message);
    }

    /** A {@code ftp2sms.smsc-submissions} entry from {@link #submissionValue}; null is a tombstone. */
    CompletableFuture<Void> submission(String key, byte[] value) {
        return send(new ProducerRecord<>(Topics.SMSC_SUBMISSIONS, key, value));
    }

    /** A record that could not be read, kept raw on {@code ftp2sms.dead-letters}. */
    CompletableFuture<Void> deadLetter(Unreadable unreadable, String key, byte[] value) {
        return send(DeadLetters.of(unreadable, key, value));
    }

    private CompletableFuture<Void> send(ProducerRecord<String, byte[]> record) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    acked.complete(null);
                } else {
                    acked.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
