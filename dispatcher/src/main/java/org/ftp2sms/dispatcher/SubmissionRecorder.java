package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.service.PipelineCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the dispatcher writes down about a submit: {@code 100-submitted} and the receipt mapping
 * ({@link SubmissionJournal}, then {@link SentMessages}) once every part has its submit_sm_resp, or
 * {@code 801-submit-refused}, or {@code 805-expired-before-sending}. Each future completes when Kafka has it: only
 * then may the message's offset be committed.
 */
final class SubmissionRecorder {
    private static final Logger log = LoggerFactory.getLogger(SubmissionRecorder.class);
    private final EventPublisher publisher;
    private final SubmissionJournal journal;
    private final SentMessages sentMessages;
    private final Clock clock;
    private final Counter submits;
    private final Counter refused;
    private final Counter expired;
    private final DeliveryLatencies latencies;

    SubmissionRecorder(EventPublisher publisher, SubmissionJournal journal, SentMessages sentMessages, Clock clock,
                       MeterRegistry registry) {
        this.publisher = publisher;
        this.journal = journal;
        this.sentMessages = sentMessages;
        this.clock = clock;
        this.submits = PipelineCounters.rows(registry, "dispatcher", "submitted");
        this.refused = PipelineCounters.rows(registry, "dispatcher", "refused");
        this.expired = registry.counter("ftp2sms.dispatcher.expired");
        this.latencies = new DeliveryLatencies(registry);
    }

    /** A submitter starts on a message: receipts arriving meanwhile wait for it to be recorded. */
    void submitStarted() {
        sentMessages.submitStarted();
    }

    void submitEnded() {
        sentMessages.submitEnded();
    }

    CompletableFuture<Void> submitted(Message message, List<String> smscIds) {
        Instant sentAt = clock.instant();
        submits.increment();
        latencies.submitted(message, sentAt);
        // Published before the receipt mapping is recorded, so that a fast receipt's final status can only
        // be published after it, on the same partition.
        CompletableFuture<Void> acked = publisher.status(Status.of(message.messageId(), message.fileIngestionId(),
                message.connectorId(), message.phone(), StatusCode.SUBMITTED, sentAt, null, sentAt));
        SentMessage sent = new SentMessage(message.messageId(), message.fileIngestionId(), message.connectorId(),
                message.phone(), sentAt, List.copyOf(smscIds), ReplyAddress.of(message.sender()));
        return CompletableFuture.allOf(acked, journal.sent(sent, sentMessages));
    }

    CompletableFuture<Void> expired(Message message) {
        expired.increment();
        log.info("messageId={} connectorId={} fileIngestionId={} expired before sending",
                message.messageId(), message.connectorId(), message.fileIngestionId());
        return publisher.status(Status.of(message.messageId(), message.fileIngestionId(), message.connectorId(),
                message.phone(), StatusCode.EXPIRED_BEFORE_SENDING, null, null, clock.instant()));
    }

    CompletableFuture<Void> refused(Message message, String why) {
        refused.increment();
        log.warn("submit refused for messageId={} connectorId={} fileIngestionId={}: {}",
                message.messageId(), message.connectorId(), message.fileIngestionId(), why);
        return publisher.status(Status.of(message.messageId(), message.fileIngestionId(), message.connectorId(),
                message.phone(), StatusCode.SUBMIT_REFUSED, null, null, clock.instant()));
    }
}
