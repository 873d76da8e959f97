package org.ftp2sms.admin;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ftp2sms.contract.ExportRequested;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.JsonSerde;

import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the status-aggregator, through {@code ftp2sms.export-requests}, to (re)generate one connector's exports of
 * one UTC day now. Returns once the request is in the topic; the files follow within moments.
 */
final class ExportRequests {
    private final KafkaProducer<String, byte[]> producer;
    private final Clock clock;

    ExportRequests(KafkaProducer<String, byte[]> producer, Clock clock) {
        this.producer = producer;
        this.clock = clock;
    }

    /** Today in UTC, the latest day that can be exported. */
    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
    }

    ExportRequested request(String connectorId, LocalDate date) {
        ExportRequested request = new ExportRequested(connectorId, date, clock.instant());
        try {
            producer.send(new ProducerRecord<>(Topics.EXPORT_REQUESTS, connectorId,
                    JsonSerde.of(ExportRequested.class).serializer().serialize(Topics.EXPORT_REQUESTS, request)))
                    .get(30, TimeUnit.SECONDS);
            return request;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while requesting an export", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not write the export request to " + Topics.EXPORT_REQUESTS, e);
        }
    }
}
