package org.ftp2sms.admin.progress;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.ftp2sms.contract.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts each file's messages by their current status, exactly: the status code of every message is kept
 * ({@link ProgressTopology#MESSAGES_STORE}), so a status published twice (the dispatcher may, after a crash)
 * changes nothing the second time, and a late non-final status never moves a message back from a final one. The
 * stores are changelogged and the application runs exactly-once, so counts survive a restart unchanged.
 * Files untouched for the retention are swept (wall clock, hourly) with their messages.
 */
final class FileProgressProcessor implements Processor<String, ProgressInput, Void, Void> {
    private static final Logger log = LoggerFactory.getLogger(FileProgressProcessor.class);
    static final Duration SWEEP_INTERVAL = Duration.ofHours(1);

    private final Clock clock;
    private final Duration retention;
    private KeyValueStore<String, FileProgress> files;
    private KeyValueStore<String, Integer> messages;
    private KeyValueStore<String, Long> byConnector;

    FileProgressProcessor(Clock clock, Duration retention) {
        this.clock = clock;
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        files = context.getStateStore(ProgressTopology.FILES_STORE);
        messages = context.getStateStore(ProgressTopology.MESSAGES_STORE);
        byConnector = context.getStateStore(ProgressTopology.BY_CONNECTOR_STORE);
        context.schedule(SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, t -> sweep());
    }

    @Override
    public void process(Record<String, ProgressInput> record) {
        String fileId = record.key();
        ProgressInput input = record.value();
        if (fileId == null || input == null) {
            return;
        }
        Instant now = clock.instant();
        FileProgress before = files.get(fileId);
        FileProgress after;
        if (input.report() != null) {
            after = (before != null ? before : FileProgress.empty(fileId, input.report().connectorId(), now))
                    .withReport(input.report(), now);
        } else {
            after = applyStatus(before, fileId, input.status(), now);
        }
        if (after == before) {
            return;
        }
        files.put(fileId, after);
        if (before == null && after.connectorId() != null) {
            byConnector.put(ProgressTopology.connectorKey(after.connectorId(), fileId), now.toEpochMilli());
        }
    }

    private FileProgress applyStatus(FileProgress before, String fileId, Status status, Instant now) {
        String messageKey = ProgressTopology.messageKey(fileId, status.messageId());
        Integer previous = messages.get(messageKey);
        if (previous != null && (previous == status.statusCode() || (previous >= 200 && !status.isFinal()))) {
            return before; // a repeat, or a non-final status after the final one
        }
        messages.put(messageKey, status.statusCode());
        return (before != null ? before : FileProgress.empty(fileId, status.connectorId(), now))
                .withMessageMoved(previous, status, now);
    }

    private void sweep() {
        Instant cutoff = clock.instant().minus(retention);
        List<FileProgress> expired = new ArrayList<>();
        try (KeyValueIterator<String, FileProgress> all = files.all()) {
            while (all.hasNext()) {
                FileProgress p = all.next().value;
                if (p.updatedAt() != null && p.updatedAt().isBefore(cutoff)) {
                    expired.add(p);
                }
            }
        }
        for (FileProgress p : expired) {
            List<String> keys = new ArrayList<>();
            try (KeyValueIterator<String, Integer> range = messages.prefixScan(
                    ProgressTopology.messageKey(p.fileIngestionId(), ""), org.apache.kafka.common.serialization.Serdes.String().serializer())) {
                range.forEachRemaining((KeyValue<String, Integer> kv) -> keys.add(kv.key));
            }
            keys.forEach(messages::delete);
            files.delete(p.fileIngestionId());
            if (p.connectorId() != null) {
                byConnector.delete(ProgressTopology.connectorKey(p.connectorId(), p.fileIngestionId()));
            }
            log.info("progress of fileIngestionId={} connectorId={} removed after {} without change",
                    p.fileIngestionId(), p.connectorId(), retention);
        }
    }
}
