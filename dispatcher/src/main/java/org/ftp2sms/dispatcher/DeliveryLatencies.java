package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.ftp2sms.contract.Message;

import java.time.Duration;
import java.time.Instant;

/**
 * The dispatcher's latency histograms: a file's arrival to its message's submit ({@code
 * ftp2sms_dispatcher_upload_to_submit_seconds}) and a submit to its final receipt ({@code
 * ftp2sms_dispatcher_submit_to_receipt_seconds}). Buckets reach two days: calendar holds and SMSC retries are long.
 */
final class DeliveryLatencies {
    private static final Duration LONGEST = Duration.ofDays(2);
    private final Timer uploadToSubmit;
    private final Timer submitToReceipt;

    DeliveryLatencies(MeterRegistry registry) {
        this.uploadToSubmit = Timer.builder("ftp2sms.dispatcher.upload.to.submit")
                .description("time from a file's arrival at the gateway to the submit of one of its messages")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(50))
                .maximumExpectedValue(LONGEST)
                .register(registry);
        this.submitToReceipt = Timer.builder("ftp2sms.dispatcher.submit.to.receipt")
                .description("time from a message's submit to its final delivery receipt")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(LONGEST)
                .register(registry);
    }

    /** Messages written before they carried their file's arrival are not counted. */
    void submitted(Message message, Instant sentAt) {
        record(uploadToSubmit, message.receivedAt(), sentAt);
    }

    void receipted(Instant sentAt, Instant receiptAt) {
        record(submitToReceipt, sentAt, receiptAt);
    }

    private static void record(Timer timer, Instant from, Instant to) {
        // Clocks of two machines: a negative span says nothing about latency.
        if (from != null && to != null && !to.isBefore(from)) {
            timer.record(Duration.between(from, to));
        }
    }
}
