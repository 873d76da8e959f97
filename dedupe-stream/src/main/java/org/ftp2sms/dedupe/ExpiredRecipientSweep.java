package org.ftp2sms.dedupe;

import io.micrometer.core.instrument.Counter;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.ftp2sms.contract.connector.SendingOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Deletes the expired recipients of one task's store (see {@link RecipientRetention}), a slice of at most
 * {@link RecipientRetention#sweepBatch()} entries per wall-clock punctuation, resuming where the last slice stopped
 * and starting over at the end. Expiry is judged on the task's stream time (event time), so wall-clock
 * punctuation only decides <em>when</em> the space is reclaimed, never what is decided. It is scheduled on wall-clock
 * rather than stream time because stream time moves in jumps (one per file) while a large store needs its slices at
 * a steady pace. The deletes go to the compacted changelog in the task's transaction, so a restored store is as
 * small as the one it replaces.
 *
 * <p>Why a sweep over a key-value store rather than a window or versioned store: a window store's retention is
 * fixed when the topology is built, while the window here is per connector and changes while running (a window
 * store would have to keep every recipient for the largest window any connector might ever get); a versioned
 * store never expires the latest value of a key. A key-value store holds one small entry per recipient, and the
 * sweep applies each connector's current window.
 */
final class ExpiredRecipientSweep implements Punctuator {
    private static final Logger log = LoggerFactory.getLogger(ExpiredRecipientSweep.class);

    private final ProcessingContext context;
    private final KeyValueStore<String, RecipientHistory> recipients;
    private final Function<String, SendingOptions> connectorOptions;
    private final RecipientRetention retention;
    private final Counter expired;
    /** The last key of the previous slice; null to start from the first key. */
    private String cursor;

    ExpiredRecipientSweep(ProcessingContext context, KeyValueStore<String, RecipientHistory> recipients,
                          Function<String, SendingOptions> connectorOptions,
                          RecipientRetention retention, Counter expired) {
        this.context = context;
        this.recipients = recipients;
        this.connectorOptions = connectorOptions;
        this.retention = retention;
        this.expired = expired;
    }

    @Override
    public void punctuate(long wallClockMs) {
        long streamTime = context.currentStreamTimeMs();
        if (streamTime < 0) {
            return;
        }
        Map<String, SendingOptions> optionsByConnector = new HashMap<>();
        List<String> expiredKeys = new ArrayList<>();
        String last = null;
        boolean more;
        try (KeyValueIterator<String, RecipientHistory> entries = cursor == null ? recipients.all() : recipients.range(cursor, null)) {
            int read = 0;
            while (read < retention.sweepBatch() && entries.hasNext()) {
                KeyValue<String, RecipientHistory> entry = entries.next();
                if (entry.key.equals(cursor)) {
                    continue; // range() includes the key the previous slice ended on
                }
                read++;
                last = entry.key;
                SendingOptions options = optionsByConnector.computeIfAbsent(connectorOf(entry.key), connectorOptions);
                if (entry.value == null || retention.isExpired(entry.value, options, streamTime)) {
                    expiredKeys.add(entry.key);
                }
            }
            more = entries.hasNext();
        }
        cursor = more ? last : null;
        expiredKeys.forEach(recipients::delete);
        expired.increment(expiredKeys.size());
        if (!expiredKeys.isEmpty()) {
            log.debug("task {} expired {} recipients at stream time {}", context.taskId(), expiredKeys.size(), streamTime);
        }
    }

    /** The key is {@code connectorId:phone} ({@link org.ftp2sms.contract.RecipientKey}); phones are digits. */
    static String connectorOf(String recipientKey) {
        int colon = recipientKey.lastIndexOf(':');
        return colon < 0 ? recipientKey : recipientKey.substring(0, colon);
    }
}
