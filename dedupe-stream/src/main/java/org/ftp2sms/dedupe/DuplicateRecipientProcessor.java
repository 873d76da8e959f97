package org.ftp2sms.dedupe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.SendingOptions;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Judges each row against the recipient's history in the persistent store (keyed connectorId:phone, the record
 * key, so the state is local to the partition) and remembers it. A history that {@link RecipientRetention} says
 * has expired at the task's stream time counts as none, whether or not {@link ExpiredRecipientSweep} (scheduled
 * here, on wall-clock time) has deleted it yet.
 */
final class DuplicateRecipientProcessor implements Processor<String, RowWithOptions, String, DedupeVerdict> {
    private static final Logger log = LoggerFactory.getLogger(DuplicateRecipientProcessor.class);

    private final Counter unique;
    private final Counter duplicates;
    private final Counter expired;
    private final RecipientRetention retention;
    private ProcessorContext<String, DedupeVerdict> context;
    private KeyValueStore<String, RecipientHistory> store;

    DuplicateRecipientProcessor(MeterRegistry registry, RecipientRetention retention) {
        this.retention = retention;
        this.expired = Counter.builder("ftp2sms.dedupe.expired")
                .description("recipients deleted from the dedupe store once past their window").register(registry);
        this.unique = Counter.builder("ftp2sms.dedupe.rows").tag("verdict", "unique")
                .description("rows judged by the dedupe stream").register(registry);
        this.duplicates = Counter.builder("ftp2sms.dedupe.rows").tag("verdict", "duplicate")
                .description("rows judged by the dedupe stream").register(registry);
    }

    @Override
    public void init(ProcessorContext<String, DedupeVerdict> context) {
        this.context = context;
        this.store = context.getStateStore(DedupeTopology.RECIPIENTS_STORE);
        ReadOnlyKeyValueStore<String, ValueAndTimestamp<Connector>> connectors =
                context.getStateStore(DedupeTopology.CONNECTORS_STORE);
        context.schedule(retention.sweepInterval(), PunctuationType.WALL_CLOCK_TIME,
                new ExpiredRecipientSweep(context, store, connectors, retention, expired));
    }

    @Override
    public void process(Record<String, RowWithOptions> record) {
        Row row = record.value().row();
        SendingOptions options = record.value().options();
        RecipientHistory stored = store.get(record.key());
        RecipientHistory history = stored == null || retention.isExpired(stored, options, context.currentStreamTimeMs())
                ? RecipientHistory.NONE
                : stored;
        StatusCode duplicate = history.duplicateOf(row, options).orElse(null);
        store.put(record.key(), history.after(row, duplicate == null));
        if (duplicate == null) {
            unique.increment();
        } else {
            duplicates.increment();
            log.debug("dropped messageId={} fileIngestionId={} connectorId={}: {}",
                    row.messageId(), row.fileIngestionId(), row.connectorId(), duplicate.reason());
        }
        context.forward(record.withValue(new DedupeVerdict(row, duplicate)));
    }
}
