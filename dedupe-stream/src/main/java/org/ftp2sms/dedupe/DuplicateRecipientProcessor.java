package org.ftp2sms.dedupe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.StatusCode;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Judges each row against the recipient's history in the persistent store (keyed connectorId:phone, the record
 * key, so the state is local to the partition) and remembers it.
 */
final class DuplicateRecipientProcessor implements Processor<String, RowWithOptions, String, DedupeVerdict> {
    private static final Logger log = LoggerFactory.getLogger(DuplicateRecipientProcessor.class);

    private final Counter unique;
    private final Counter duplicates;
    private ProcessorContext<String, DedupeVerdict> context;
    private KeyValueStore<String, RecipientHistory> store;

    DuplicateRecipientProcessor(MeterRegistry registry) {
        this.unique = Counter.builder("ftp2sms.dedupe.rows").tag("verdict", "unique")
                .description("rows judged by the dedupe stream").register(registry);
        this.duplicates = Counter.builder("ftp2sms.dedupe.rows").tag("verdict", "duplicate")
                .description("rows judged by the dedupe stream").register(registry);
    }

    @Override
    public void init(ProcessorContext<String, DedupeVerdict> context) {
        this.context = context;
        this.store = context.getStateStore(DedupeTopology.RECIPIENTS_STORE);
    }

    @Override
    public void process(Record<String, RowWithOptions> record) {
        Row row = record.value().row();
        RecipientHistory history = Optional.ofNullable(store.get(record.key())).orElse(RecipientHistory.NONE);
        StatusCode duplicate = history.duplicateOf(row, record.value().options()).orElse(null);
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
