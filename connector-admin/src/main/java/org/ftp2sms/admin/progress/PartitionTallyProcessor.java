package org.ftp2sms.admin.progress;

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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Counts, in the task of one partition of {@code ftp2sms.statuses} (keyed by message id, so every status of a
 * message comes here), that partition's messages of each file by their current status code, exactly: each
 * message's code is kept ({@link ProgressTopology#MESSAGE_CODES_STORE}), so a status published twice changes
 * nothing the second time and a late non-final status never moves a message back from a final one. Only the
 * files' tallies go on to the file's task, whole and at most once per forward interval ({@link #FORWARD_INTERVAL}) per file: a status
 * costs two reads and two writes of a cached store here, and nothing further down.
 *
 * <p>A tally is forwarded whole, so one that was not sent before a crash is sent after it: every tally of the
 * store is sent at the task's first forward. Files untouched for the retention are swept (wall clock, hourly).
 */
final class PartitionTallyProcessor implements Processor<String, Status, String, ProgressInput> {
    private static final Logger log = LoggerFactory.getLogger(PartitionTallyProcessor.class);
    static final Duration FORWARD_INTERVAL = Duration.ofMillis(500);
    static final Duration SWEEP_INTERVAL = Duration.ofHours(1);

    private final Clock clock;
    private final Duration retention;
    private final Duration forwardInterval;
    /** Files whose tally changed since it was last forwarded. */
    private final Set<String> changed = new LinkedHashSet<>();

    private ProcessorContext<String, ProgressInput> context;
    private KeyValueStore<String, Integer> codes;
    private KeyValueStore<String, PartitionTally> tallies;

    PartitionTallyProcessor(Clock clock, Duration retention, Duration forwardInterval) {
        this.clock = clock;
        this.retention = retention;
        this.forwardInterval = forwardInterval;
    }

    @Override
    public void init(ProcessorContext<String, ProgressInput> context) {
        this.context = context;
        codes = context.getStateStore(ProgressTopology.MESSAGE_CODES_STORE);
        tallies = context.getStateStore(ProgressTopology.TALLIES_STORE);
        changed.clear();
        try (KeyValueIterator<String, PartitionTally> all = tallies.all()) {
            all.forEachRemaining(kv -> changed.add(kv.key));
        }
        context.schedule(forwardInterval, PunctuationType.WALL_CLOCK_TIME, t -> forwardChanged());
        context.schedule(SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, t -> sweep());
    }

    @Override
    public void process(Record<String, Status> record) {
        Status status = record.value();
        if (status == null || status.fileIngestionId() == null || status.messageId() == null) {
            return;
        }
        String fileId = status.fileIngestionId();
        String codeKey = ProgressTopology.messageKey(fileId, status.messageId());
        Integer previous = codes.get(codeKey);
        if (previous != null && (previous == status.statusCode() || (previous >= 200 && !status.isFinal()))) {
            return; // a repeat, or a non-final status after the final one
        }
        codes.put(codeKey, status.statusCode());
        Instant now = clock.instant();
        PartitionTally before = tallies.get(fileId);
        PartitionTally tally =
                before != null ? before : PartitionTally.empty(context.taskId().partition(), status.connectorId(), now);
        tallies.put(fileId, tally.withMessageMoved(previous, status.statusCode(), status.connectorId(), now));
        changed.add(fileId);
    }

    private void forwardChanged() {
        long at = clock.millis();
        for (String fileId : changed) {
            PartitionTally tally = tallies.get(fileId);
            if (tally != null) {
                context.forward(new Record<>(fileId, ProgressInput.of(tally), at));
            }
        }
        changed.clear();
    }

    private void sweep() {
        Instant cutoff = clock.instant().minus(retention);
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, PartitionTally> all = tallies.all()) {
            all.forEachRemaining(kv -> {
                if (kv.value.updatedAt() != null && kv.value.updatedAt().isBefore(cutoff)) {
                    expired.add(kv.key);
                }
            });
        }
        for (String fileId : expired) {
            FileKeys.deleteAllOf(codes, fileId);
            tallies.delete(fileId);
            changed.remove(fileId);
            log.info(
                    "message codes of fileIngestionId={} on partition {} removed after {} without change",
                    fileId,
                    context.taskId().partition(),
                    retention);
        }
    }
}
