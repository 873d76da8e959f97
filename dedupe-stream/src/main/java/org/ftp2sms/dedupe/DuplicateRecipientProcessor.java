package org.ftp2sms.dedupe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.ftp2sms.contract.RecipientKey;
import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.connector.SendingOptions;
import org.ftp2sms.service.PipelineCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Refuses rows to a suppressed phone ({@link SuppressionCheck}), then judges each row against the recipient's history in the persistent store (keyed connectorId:phone, the record
 * key, so the state is local to the partition) and remembers it. A history that {@link RecipientRetention} says
 * has expired at the task's stream time counts as none, whether or not {@link ExpiredRecipientSweep} (scheduled
 * here, on wall-clock time) has deleted it yet. Rows of a connector the connectors table does not hold yet wait in
 * {@link RowsAwaitingConnector}, checked every {@link #AWAITING_CHECK_INTERVAL}.
 */
final class DuplicateRecipientProcessor implements Processor<String, RowWithOptions, String, DedupeVerdict> {
    private static final Logger log = LoggerFactory.getLogger(DuplicateRecipientProcessor.class);
    static final Duration AWAITING_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final Counter unique;
    private final Counter duplicates;
    private final Counter expired;
    private final Counter failed;
    private final Counter suppressed;
    private final RecipientRetention retention;
    private final Duration connectorWait;
    private ProcessorContext<String, DedupeVerdict> context;
    private KeyValueStore<String, RecipientHistory> store;
    private ReadOnlyKeyValueStore<String, ValueAndTimestamp<ConnectorOptions>> connectors;
    private SuppressionCheck suppressions;
    private RowsAwaitingConnector awaiting;
    /** Orders waiting rows when a record has no input offset (never the case when reading a topic). */
    private long fallbackSequence;

    DuplicateRecipientProcessor(MeterRegistry registry, RecipientRetention retention, Duration connectorWait) {
        this.retention = retention;
        this.connectorWait = connectorWait;
        this.unique = PipelineCounters.rows(registry, "dedupe-stream", "unique");
        this.duplicates = PipelineCounters.rows(registry, "dedupe-stream", "duplicate");
        this.suppressed = PipelineCounters.rows(registry, "dedupe-stream", "suppressed");
        this.failed = PipelineCounters.rows(registry, "dedupe-stream", "failed");
        this.expired = Counter.builder("ftp2sms.dedupe.expired")
                .description("recipients deleted from the dedupe store once past their window").register(registry);
    }

    @Override
    public void init(ProcessorContext<String, DedupeVerdict> context) {
        this.context = context;
        this.store = context.getStateStore(DedupeTopology.RECIPIENTS_STORE);
        this.connectors = context.getStateStore(DedupeTopology.CONNECTORS_STORE);
        this.suppressions = new SuppressionCheck(context.getStateStore(DedupeTopology.SUPPRESSIONS_STORE));
        this.awaiting = new RowsAwaitingConnector(context.getStateStore(DedupeTopology.AWAITING_CONNECTOR_STORE),
                connectorWait, context.currentSystemTimeMs());
        context.schedule(retention.sweepInterval(), PunctuationType.WALL_CLOCK_TIME,
                new ExpiredRecipientSweep(context, store, this::optionsOf, retention, expired));
        context.schedule(AWAITING_CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> releaseAwaitedRows());
    }

    @Override
    public void process(Record<String, RowWithOptions> record) {
        Row row = record.value().row();
        if (!record.value().connectorKnown()) {
            if (!awaiting.hasRowsOf(row.connectorId())) {
                log.info("connectorId={} not in the connectors table yet: rows of fileIngestionId={} wait for it",
                        row.connectorId(), row.fileIngestionId());
            }
            long offset = context.recordMetadata().map(RecordMetadata::offset).orElse(fallbackSequence++);
            awaiting.add(row, offset, context.currentSystemTimeMs());
            return;
        }
        if (awaiting.hasRowsOf(row.connectorId())) {
            release(row.connectorId(), record.value().options());
        }
        context.forward(record.withValue(judgeOrRefuse(record.key(), row, record.value().options())));
    }

    private void releaseAwaitedRows() {
        long now = context.currentSystemTimeMs();
        for (String connectorId : awaiting.connectors()) {
            ValueAndTimestamp<ConnectorOptions> connector = connectors.get(connectorId);
            if (connector != null && connector.value() != null) {
                int released = release(connectorId, RowWithOptions.optionsOf(connector.value()));
                log.info("connectorId={} appeared in the connectors table: judged its {} waiting rows", connectorId, released);
            } else if (awaiting.waitedLongEnough(connectorId, now)) {
                int released = release(connectorId, SendingOptions.defaults());
                log.warn("connectorId={} still unknown after {}: judged its {} waiting rows with the default options",
                        connectorId, connectorWait, released);
            }
        }
    }

    private int release(String connectorId, SendingOptions options) {
        return awaiting.release(connectorId, row -> {
            String key = RecipientKey.of(row.connectorId(), row.phone());
            long eventTime = row.receivedAt() == null ? context.currentStreamTimeMs() : row.receivedAt().toEpochMilli();
            context.forward(new Record<>(key, judgeOrRefuse(key, row, options), eventTime));
        });
    }

    /**
     * {@link #judge}, or an {@link StatusCode#INTERNAL_ERROR} refusal when judging this row fails (a bug, or a stored
     * history that no longer reads): the row then ends with a visible status instead of vanishing, and a row that
     * always fails cannot stop the partition. A {@link StreamsException} (the state store or the task itself failing)
     * is not about this row: it fails the stream thread, which is replaced and resumes from the last commit.
     */
    private DedupeVerdict judgeOrRefuse(String key, Row row, SendingOptions options) {
        try {
            return judge(key, row, options);
        } catch (StreamsException e) {
            throw e;
        } catch (RuntimeException e) {
            failed.increment();
            log.error("refused messageId={} fileIngestionId={} connectorId={} with {}: judging it failed: {}",
                    row.messageId(), row.fileIngestionId(), row.connectorId(), StatusCode.INTERNAL_ERROR.reason(), e.toString(), e);
            return new DedupeVerdict(row, StatusCode.INTERNAL_ERROR);
        }
    }

    /**
     * A suppressed phone is refused before the duplicate rules and leaves no history: it was not sent, so it must
     * not make a later row (after a START) a duplicate.
     */
    private DedupeVerdict judge(String key, Row row, SendingOptions options) {
        if (suppressions.isSuppressed(row.connectorId(), row.phone())) {
            suppressed.increment();
            log.debug("refused messageId={} fileIngestionId={} connectorId={}: {}", row.messageId(),
                    row.fileIngestionId(), row.connectorId(), StatusCode.SUPPRESSED.reason());
            return new DedupeVerdict(row, StatusCode.SUPPRESSED);
        }
        RecipientHistory stored = store.get(key);
        RecipientHistory history = stored == null || retention.isExpired(stored, options, context.currentStreamTimeMs())
                ? RecipientHistory.NONE
                : stored;
        StatusCode duplicate = history.duplicateOf(row, options).orElse(null);
        // A dry-run row is judged like any but never counts as passed: a later real file is not its duplicate. It is
        // remembered among the recipient's recent files, for the within-file rule of its own preview.
        store.put(key, history.after(row, duplicate == null && !row.dryRun()));
        if (duplicate == null) {
            unique.increment();
        } else {
            duplicates.increment();
            log.debug("dropped messageId={} fileIngestionId={} connectorId={}: {}",
                    row.messageId(), row.fileIngestionId(), row.connectorId(), duplicate.reason());
        }
        return new DedupeVerdict(row, duplicate);
    }

    /** The connector's current options from the global table, the defaults when it is unknown. */
    private SendingOptions optionsOf(String connectorId) {
        ValueAndTimestamp<ConnectorOptions> connector = connectors.get(connectorId);
        return RowWithOptions.optionsOf(connector == null ? null : connector.value());
    }
}
