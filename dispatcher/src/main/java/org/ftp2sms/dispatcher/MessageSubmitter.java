package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.ftp2sms.contract.Message;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.RawDataCoding;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.session.SMPPSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Submits one message, one submit_sm per part, on the bind it was leased, and records the outcome. Retries:
 * throttling ({@code ESME_RTHROTTLED}, {@code ESME_RMSGQFUL}) without end, pushing the bind's rate back;
 * {@code ESME_RSYSERR} up to {@value #MAX_SYSTEM_ERRORS} times; an unanswered submit (response timeout,
 * {@code generic_nack}) up to {@value #MAX_UNANSWERED} times, then the message is refused with a final status
 * rather than held for ever (a stuck window slot) or repeated without end (duplicates). A bind that breaks is
 * given back and the submit waits for another bind of the route (or its fallback). A message past its connector's
 * {@code expireAfter} is refused ({@code 805}) instead of submitted. Runs on a submitter thread.
 */
final class MessageSubmitter {
    private static final Logger log = LoggerFactory.getLogger(MessageSubmitter.class);
    static final int MAX_SYSTEM_ERRORS = 20;
    static final int MAX_UNANSWERED = 3;
    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);
    /** Backoff after ESME_RTHROTTLED / ESME_RMSGQFUL: doubles from the first to the last. */
    private static final Duration FIRST_BUSY_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BUSY_BACKOFF = Duration.ofSeconds(5);

    private final SmppSessionPool pool;
    private final SubmissionRecorder recorder;
    private final SubmitSmFactory pdus = new SubmitSmFactory();
    private final ConnectorSchedules expiries;
    private final Clock clock;
    private final BooleanSupplier closing;
    private final Counter errors;
    private final Counter throttled;

    MessageSubmitter(SmppSessionPool pool, SubmissionRecorder recorder, ConnectorSchedules expiries, Clock clock,
                     BooleanSupplier closing, MeterRegistry registry) {
        this.pool = pool;
        this.recorder = recorder;
        this.expiries = expiries;
        this.clock = clock;
        this.closing = closing;
        this.errors = registry.counter("ftp2sms.dispatcher.errors");
        this.throttled = registry.counter("ftp2sms.dispatcher.submits.throttled");
    }

    /** Submits and records {@code m} on {@code lease} (given back before this returns); completes once Kafka has its status. */
    CompletableFuture<Void> submit(ReadyMessage m, SmppSessionPool.Lease lease) {
        recorder.submitStarted();
        Holder held = new Holder(lease);
        try {
            return submitAndRecord(m, held);
        } finally {
            held.lease.release();
            recorder.submitEnded();
        }
    }

    private CompletableFuture<Void> submitAndRecord(ReadyMessage ready, Holder held) {
        Message message = ready.message();
        Instant expiry = expiries.expiryOf(message).orElse(null);
        if (expiry != null && !expiry.isAfter(clock.instant())) {
            return recorder.expired(message);
        }
        List<SubmitPdu> parts;
        try {
            parts = pdus.build(message, expiry);
        } catch (RuntimeException e) {
            return recorder.refused(message, "cannot be encoded: " + e.getMessage());
        }
        List<String> smscIds = new ArrayList<>(parts.size());
        for (SubmitPdu pdu : parts) {
            Outcome outcome = submitUntilAnswered(ready, pdu, held);
            if (outcome.smscMessageId() == null) {
                if (outcome.refusal() == null) {
                    return CompletableFuture.failedFuture(new CancellationException("dispatcher closing"));
                }
                // Parts already accepted will be delivered alone; their receipts find no message and are ignored.
                return recorder.refused(message, outcome.refusal() + (smscIds.isEmpty() ? "" : " (part " + (smscIds.size() + 1)
                        + " of " + parts.size() + ")"));
            }
            smscIds.add(outcome.smscMessageId());
        }
        return recorder.submitted(message, smscIds);
    }

    private Outcome submitUntilAnswered(ReadyMessage ready, SubmitPdu pdu, Holder held) {
        int systemErrors = 0;
        int unanswered = 0;
        Duration busyBackoff = FIRST_BUSY_BACKOFF;
        while (!closing.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            SmscBind bind = held.lease.bind;
            SMPPSession session = held.lease.isReleased() ? null : bind.session();
            try {
                if (session == null) {
                    held.lease.release(); // this bind is down: wait for another of the route, or of its fallback
                    pool.lease(ready.route(), Duration.ofSeconds(1)).ifPresent(other -> held.lease = other);
                    continue;
                }
                bind.rate.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            try {
                pool.submitted(bind);
                String id = session.submitShortMessage("", pdu.source().ton(), pdu.source().npi(), pdu.source().address(),
                        pdu.destTon(), pdu.destNpi(), pdu.destination(), new ESMClass(pdu.esmClass()), (byte) 0, (byte) 0,
                        null, pdu.validityPeriod(), new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0,
                        new RawDataCoding(pdu.dataCoding()), (byte) 0, pdu.shortMessage(), pdu.optionalParameters())
                        .getMessageId();
                pool.answered(bind, "ESME_ROK");
                return new Outcome(id, null);
            } catch (NegativeResponseException e) {
                int status = e.getCommandStatus();
                pool.answered(bind, "0x" + Integer.toHexString(status));
                if (status == SMPPConstant.STAT_ESME_RTHROTTLED || status == SMPPConstant.STAT_ESME_RMSGQFUL) {
                    throttled.increment();
                    bind.rate.backOff(busyBackoff);
                    busyBackoff = busyBackoff.multipliedBy(2).compareTo(MAX_BUSY_BACKOFF) > 0 ? MAX_BUSY_BACKOFF
                            : busyBackoff.multipliedBy(2);
                    continue;
                }
                if (status == SMPPConstant.STAT_ESME_RSYSERR && ++systemErrors <= MAX_SYSTEM_ERRORS) {
                    pause();
                    continue;
                }
                return new Outcome(null, SubmitErrors.describe(status));
            } catch (PDUException e) {
                return new Outcome(null, "invalid PDU: " + e.getMessage());
            } catch (ResponseTimeoutException | InvalidResponseException e) {
                // InvalidResponseException covers generic_nack (GenericNackResponseException).
                errors.increment();
                pool.answered(bind, e instanceof ResponseTimeoutException ? "timeout" : "generic_nack");
                if (++unanswered >= MAX_UNANSWERED) {
                    log.warn("submit of messageId={} on bind {} unanswered {} times ({}); giving up", ready.message().messageId(),
                            bind.name(), unanswered, e.toString());
                    return new Outcome(null, "no valid answer from the SMSC after " + unanswered + " attempts");
                }
                log.warn("submit of messageId={} on bind {} unanswered ({}); retrying", ready.message().messageId(),
                        bind.name(), e.toString());
                pause();
            } catch (IOException | IllegalStateException e) {
                if (!closing.getAsBoolean()) {
                    errors.increment();
                    log.warn("submit of messageId={} on bind {} failed ({}); retrying after rebind", ready.message().messageId(),
                            bind.name(), e.toString());
                    bind.broken(session);
                    pause();
                }
            }
        }
        return new Outcome(null, null);
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The lease a submit holds now; it changes when its bind breaks. */
    private static final class Holder {
        SmppSessionPool.Lease lease;

        Holder(SmppSessionPool.Lease lease) {
            this.lease = lease;
        }
    }

    /** A submit_sm_resp id, or why the SMSC refused the message; both null when the stage is closing. */
    private record Outcome(String smscMessageId, String refusal) {
    }
}
