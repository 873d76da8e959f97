package org.ftp2sms.dedupe;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.ftp2sms.contract.Row;

/**
 * The event time of a row is its file's arrival ({@link Row#receivedAt()}), not the time the splitter produced it:
 * so the stream time that drives retention, and the timestamps of what the topology writes, are the same on a
 * replay as the first time. {@code receivedAt} is stamped by the gateway's clock: a gateway clock far ahead would
 * move stream time ahead and let recipients expire early, so the gateways' clocks must be kept in sync (NTP).
 */
public final class RowEventTime implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof Row row && row.receivedAt() != null) {
            return row.receivedAt().toEpochMilli();
        }
        // Not a judgeable row (it is skipped downstream): never let it move stream time forward.
        return partitionTime >= 0 ? partitionTime : Math.max(record.timestamp(), 0);
    }
}
