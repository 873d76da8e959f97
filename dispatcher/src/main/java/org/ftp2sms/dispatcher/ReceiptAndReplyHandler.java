package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.ftp2sms.contract.Reply;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.Suppression;
import org.ftp2sms.contract.SuppressionSource;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * deliver_sm from the SMSC: a delivery receipt settles one part of a message (its final {@link Status} once every
 * part is delivered, or at the first part that failed), anything else becomes a {@link Reply} linked to the
 * conversation it answers (see {@link #onReply}). The deliver_sm is acknowledged only once Kafka has the event, so a failed write
 * makes the SMSC deliver it again instead of losing it.
 */
final class ReceiptAndReplyHandler implements MessageReceiverListener {
    private static final Logger log = LoggerFactory.getLogger(ReceiptAndReplyHandler.class);
    private static final Duration RECEIPT_PATIENCE = Duration.ofSeconds(2);
    private static final long PUBLISH_TIMEOUT_MS = 30_000;

    private final SentMessages sent;
    private final SubmissionJournal journal;
    private final EventPublisher publisher;
    private final Clock clock;
    private final Counter receipts;
    private final Counter unknownReceipts;
    private final Counter replies;
    private final Counter unmatchedReplies;
    private final ReplyRules rules;
    private final Counter errors;
    private final DeliveryLatencies latencies;

    ReceiptAndReplyHandler(SentMessages sent, SubmissionJournal journal, EventPublisher publisher, ReplyRules rules,
                           Clock clock, MeterRegistry registry) {
        this.rules = rules;
        this.sent = sent;
        this.journal = journal;
        this.publisher = publisher;
        this.clock = clock;
        this.receipts = registry.counter("ftp2sms.dispatcher.receipts");
        this.unknownReceipts = registry.counter("ftp2sms.dispatcher.receipts.unknown");
        this.replies = registry.counter("ftp2sms.dispatcher.replies");
        this.unmatchedReplies = registry.counter("ftp2sms.dispatcher.replies.unmatched");
        this.errors = registry.counter("ftp2sms.dispatcher.errors");
        this.latencies = new DeliveryLatencies(registry);
    }

    @Override
    public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
        if (MessageType.SMSC_DEL_RECEIPT.containedIn(deliverSm.getEsmClass())) {
            onReceipt(deliverSm);
        } else {
            onReply(deliverSm);
        }
    }

    private void onReceipt(DeliverSm deliverSm) throws ProcessRequestException {
        Optional<DeliveryReceiptFields> fields = DeliveryReceiptFields.of(deliverSm);
        if (fields.isEmpty()) {
            errors.increment();
            log.warn("delivery receipt without message id or state ignored");
            return;
        }
        DeliveryReceiptFields receipt = fields.get();
        Optional<StatusCode> code = ReceiptStatuses.of(receipt.stat(), receipt.err());
        if (code.isEmpty()) {
            return; // intermediate notification; the final receipt follows
        }
        try {
            sent.find(receipt.smscMessageId(), RECEIPT_PATIENCE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProcessRequestException("interrupted", SMPPConstant.STAT_ESME_RX_T_APPN);
        }
        Optional<SentMessages.Resolution> resolved = sent.resolve(receipt.smscMessageId(), code.get() == StatusCode.DELIVERED);
        if (resolved.isEmpty()) {
            unknownReceipts.increment();
            log.warn("delivery receipt for unknown or settled SMSC message id {} ({}) ignored", receipt.smscMessageId(),
                    receipt.stat());
            return;
        }
        SentMessages.Resolution resolution = resolved.get();
        SentMessage m = resolution.message();
        try {
            // Both writes in flight at once: one broker round trip per receipt, not two.
            CompletableFuture<Void> status = CompletableFuture.completedFuture(null);
            if (resolution.isFinal()) {
                Instant now = clock.instant();
                status = publisher.status(Status.of(m.messageId(), m.fileIngestionId(), m.connectorId(), m.phone(),
                        code.get(), m.sentAt(), code.get() == StatusCode.DELIVERED ? now : null, now));
            }
            await(CompletableFuture.allOf(status, journal.settled(resolution.settled())), "receipt of " + m.messageId());
        } catch (ProcessRequestException e) {
            sent.undo(resolution); // the SMSC delivers the receipt again
            throw e;
        }
        receipts.increment();
        if (resolution.isFinal()) {
            latencies.receipted(m.sentAt(), clock.instant());
        }
        log.debug("receipt {} err {} for messageId={} smscMessageId={} final={}", receipt.stat(), receipt.err(),
                m.messageId(), receipt.smscMessageId(), resolution.isFinal());
    }

    /**
     * A reply belongs to the conversation it answers: the last message sent to that phone from the address it was
     * sent to, within {@link ReplyRules#matchWindow()}. Nothing matching: published with no connector (and counted),
     * never given to another connector. An opt-out or opt-in keyword also changes the suppression list; the
     * deliver_sm is acknowledged once both events are on Kafka.
     */
    private void onReply(DeliverSm deliverSm) throws ProcessRequestException {
        String phone = deliverSm.getSourceAddr() == null ? "" : deliverSm.getSourceAddr().replaceAll("[^0-9]", "");
        String text = ShortMessageText.of(deliverSm);
        Instant now = clock.instant();
        Optional<SentMessage> last = sent.lastTo(phone, ReplyAddress.of(deliverSm.getDestAddress()))
                .filter(m -> m.sentAt() == null || !m.sentAt().isBefore(now.minus(rules.matchWindow())));
        String outgoing = last.map(SentMessage::messageId).orElse(null);
        Reply reply = new Reply(ReplyIds.of(phone, deliverSm.getDestAddress(), text, outgoing, smscReference(deliverSm)),
                outgoing,
                last.map(SentMessage::connectorId).orElse(null),
                last.map(SentMessage::fileIngestionId).orElse(null),
                phone, text, now);
        CompletableFuture<Void> published = publisher.reply(reply);
        Optional<Suppression> change = rules.keywordOf(text).flatMap(k -> suppressionChange(k, reply));
        if (change.isPresent()) {
            published = CompletableFuture.allOf(published, publisher.suppression(change.get()));
        }
        await(published, "reply " + reply.messageId());
        replies.increment();
        if (last.isEmpty()) {
            unmatchedReplies.increment();
        }
        log.info("reply messageId={} from a recipient of outgoingMessageId={} connectorId={}{}", reply.messageId(),
                reply.outgoingMessageId(), reply.connectorId(), change.map(c -> (c.suppressed()
                        ? " put the phone on the suppression list of " : " took the phone off the suppression list of ")
                        + c.scope()).orElse(""));
    }

    /** The suppression list change a keyword reply asks for; none when the list it would change is unknown. */
    private Optional<Suppression> suppressionChange(ReplyRules.Keyword keyword, Reply reply) {
        String scope = rules.scope() == ReplyRules.SuppressionScope.INSTALLATION ? Suppression.INSTALLATION : reply.connectorId();
        if (scope == null) {
            log.info("reply messageId={} is a keyword but answers no message: no connector's suppression list to change",
                    reply.messageId());
            return Optional.empty();
        }
        return Optional.of(new Suppression(scope, reply.phone(), keyword == ReplyRules.Keyword.OPT_OUT, reply.connectorId(),
                SuppressionSource.REPLY, reply.messageId(), reply.receivedAt()));
    }

    /** An id the SMSC gave the inbound message, when it gives one (few do). */
    private static String smscReference(DeliverSm deliverSm) {
        OptionalParameter.Receipted_message_id id = deliverSm.getOptionalParameter(OptionalParameter.Receipted_message_id.class);
        if (id != null) {
            return id.getValueAsString();
        }
        OptionalParameter.User_message_reference ref = deliverSm.getOptionalParameter(OptionalParameter.User_message_reference.class);
        return ref == null ? null : Short.toString(ref.getValue());
    }

    private void await(CompletableFuture<Void> acked, String what) throws ProcessRequestException {
        try {
            acked.get(PUBLISH_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProcessRequestException("interrupted", SMPPConstant.STAT_ESME_RX_T_APPN);
        } catch (ExecutionException | TimeoutException e) {
            errors.increment();
            log.warn("cannot publish {} ({}); the SMSC will deliver it again", what, e.toString());
            throw new ProcessRequestException("cannot record it now", SMPPConstant.STAT_ESME_RX_T_APPN);
        }
    }

    @Override
    public void onAcceptAlertNotification(AlertNotification alertNotification) {
    }

    @Override
    public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
        throw new ProcessRequestException("data_sm not supported", SMPPConstant.STAT_ESME_RINVCMDID);
    }
}
