package org.ftp2sms.service.worker;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.HashMap;
import java.util.Map;

/**
 * How many times in a row the handler threw on a record, across restarts of the worker's clients (not of the
 * process). Empty on the hot path: looking a record up costs nothing until something failed. Used on the worker's
 * thread only.
 */
final class FailedRecords {
    private record Coordinates(String topic, int partition, long offset) {}

    /** Bounded: a pathological stream of distinct failures cannot grow it. */
    private static final int MAX_KEPT = 1000;

    private final Map<Coordinates, Integer> attempts = new HashMap<>();
    private final Map<Coordinates, Throwable> lastFailure = new HashMap<>();

    int attempts(ConsumerRecord<?, ?> record) {
        if (attempts.isEmpty()) {
            return 0;
        }
        return attempts.getOrDefault(of(record), 0);
    }

    /** Counts a failure; returns how many there were in a row. */
    int failed(ConsumerRecord<?, ?> record, Throwable cause) {
        if (attempts.size() >= MAX_KEPT) {
            attempts.clear();
            lastFailure.clear();
        }
        Coordinates key = of(record);
        lastFailure.put(key, cause);
        return attempts.merge(key, 1, Integer::sum);
    }

    Throwable lastFailure(ConsumerRecord<?, ?> record) {
        return lastFailure.get(of(record));
    }

    /** The record was handled or refused: its count is over. */
    void done(ConsumerRecord<?, ?> record) {
        if (!attempts.isEmpty()) {
            Coordinates key = of(record);
            attempts.remove(key);
            lastFailure.remove(key);
        }
    }

    private static Coordinates of(ConsumerRecord<?, ?> record) {
        return new Coordinates(record.topic(), record.partition(), record.offset());
    }
}
