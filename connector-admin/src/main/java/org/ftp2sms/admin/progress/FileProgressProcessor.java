package org.ftp2sms.admin.progress;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A file's progress, in its task: its latest ingestion report and its messages counted by current status code, the
 * sum of the tallies of every partition of {@code ftp2sms.statuses} that carries some of them ({@link
 * PartitionTallyProcessor}). The last tally of each partition is kept ({@link ProgressTopology#FILE_TALLIES_STORE}):
 * a newer one replaces it in the sum, so a tally received twice counts once. Files untouched for the retention are
 * swept (wall clock, hourly) with their tallies.
 */
final class FileProgressProcessor implements Processor<String, ProgressInput, Void, Void> {
    private static final Logger log = LoggerFactory.getLogger(FileProgressProcessor.class);
    static final Duration SWEEP_INTERVAL = Duration.ofHours(1);

    private final Clock clock;
    private final Duration retention;
    private KeyValueStore<String, FileProgress> files;
    private KeyValueStore<String, PartitionTally> fileTallies;
    private KeyValueStore<String, Long> byConnector;

    FileProgressProcessor(Clock clock, Duration retention) {
        this.clock = clock;
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        files = context.getStateStore(ProgressTopology.FILES_STORE);
        fileTallies = context.getStateStore(ProgressTopology.FILE_TALLIES_STORE);
        byConnector = context.getStateStore(ProgressTopology.BY_CONNECTOR_STORE);
        context.schedule(SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, t -> sweep());
    }

    @Override
    public void process(Record<String, ProgressInput> record) {
        String fileId = record.key();
        ProgressInput input = record.value();
        if (fileId == null || input == null || (input.report() == null && input.tally() == null)) {
            return;
        }
        Instant now = clock.instant();
        FileProgress before = files.get(fileId);
        FileProgress after;
        if (input.report() != null) {
            after = (before != null ? before : FileProgress.empty(fileId, input.report().connectorId(), now))
                    .withReport(input.report(), now);
        } else {
            String tallyKey = ProgressTopology.tallyKey(fileId, input.tally().partition());
            PartitionTally previous = fileTallies.get(tallyKey);
            fileTallies.put(tallyKey, input.tally());
            after = (before != null
                            ? before
                            : FileProgress.empty(fileId, input.tally().connectorId(), now))
                    .withTally(previous, input.tally(), now);
        }
        if (after == before) {
            return;
        }
        files.put(fileId, after);
        if (before == null && after.connectorId() != null) {
            byConnector.put(ProgressTopology.connectorKey(after.connectorId(), fileId), now.toEpochMilli());
        }
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
            FileKeys.deleteAllOf(fileTallies, p.fileIngestionId());
            files.delete(p.fileIngestionId());
            if (p.connectorId() != null) {
                byConnector.delete(ProgressTopology.connectorKey(p.connectorId(), p.fileIngestionId()));
            }
            log.info("progress of fileIngestionId={} connectorId={} removed after {} without change",
                    p.fileIngestionId(), p.connectorId(), retention);
        }
    }
}
