package org.ftp2sms.aggregator;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which read offsets are not finished yet, per partition. The offset a partition may commit is its lowest
 * unfinished one (or the next to read when none is): an event is never committed before it is delivered or
 * dead-lettered, whatever order the per-connector queues finish in.
 */
final class PendingOffsets {
    private static final class Progress {
        final TreeSet<Long> unfinished = new TreeSet<>();
        long next = -1;
        long committed = -1;
    }

    private final Map<TopicPartition, Progress> partitions = new HashMap<>();
    private int unfinished;

    synchronized void read(TopicPartition partition, long offset) {
        Progress p = partitions.computeIfAbsent(partition, k -> new Progress());
        if (p.unfinished.add(offset)) {
            unfinished++;
        }
        p.next = Math.max(p.next, offset + 1);
    }

    synchronized void finished(TopicPartition partition, long offset) {
        Progress p = partitions.get(partition);
        if (p != null && p.unfinished.remove(offset)) {
            unfinished--;
        }
    }

    synchronized int unfinished() {
        return unfinished;
    }

    /** Offsets to commit now (only those that moved), marked as committed. */
    synchronized Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> of) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : of) {
            Progress p = partitions.get(partition);
            if (p == null || p.next < 0) {
                continue;
            }
            long offset = p.unfinished.isEmpty() ? p.next : p.unfinished.first();
            if (offset > p.committed) {
                offsets.put(partition, new OffsetAndMetadata(offset));
                p.committed = offset;
            }
        }
        return offsets;
    }

    synchronized Collection<TopicPartition> partitions() {
        return new java.util.ArrayList<>(partitions.keySet());
    }

    /** A partition given to another consumer: its unfinished events will be read again there. */
    synchronized void forget(Collection<TopicPartition> revoked) {
        for (TopicPartition partition : revoked) {
            Progress p = partitions.remove(partition);
            if (p != null) {
                unfinished -= p.unfinished.size();
            }
        }
    }
}
