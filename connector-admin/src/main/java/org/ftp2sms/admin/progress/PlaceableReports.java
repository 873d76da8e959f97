package org.ftp2sms.admin.progress;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.ftp2sms.contract.IngestionReport;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.service.Unreadable;

/**
 * Passes on the ingestion reports the progress view can place (a file ingestion id and a state); any other is
 * skipped as an unreadable record (one log line, {@code ftp2sms_unreadable_records_total}), never dropped unseen.
 */
final class PlaceableReports extends ContextualFixedKeyProcessor<String, IngestionReport, IngestionReport> {
    static final String READER = "admin-progress";

    private final MeterRegistry registry;

    PlaceableReports(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void process(FixedKeyRecord<String, IngestionReport> record) {
        IngestionReport report = record.value();
        if (report != null && report.fileIngestionId() != null && report.state() != null) {
            context().forward(record);
            return;
        }
        RecordMetadata origin = context().recordMetadata().orElse(null);
        new Unreadable(origin == null ? Topics.INGESTIONS : origin.topic(), origin == null ? -1 : origin.partition(),
                origin == null ? -1 : origin.offset(), READER,
                report == null ? "empty ingestion report" : report.fileIngestionId() == null
                        ? "ingestion report without fileIngestionId" : "ingestion report without state").report(registry);
    }
}
