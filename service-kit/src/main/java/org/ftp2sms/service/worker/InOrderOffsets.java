package org.ftp2sms.service.worker;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Which read offsets are not settled yet, per partition, for at-least-once work that finishes out of order. The
 * offset a partition may commit is its lowest unsettled one (or the next to read when none is): a record is never
 * committed before it is settled, whatever order settlements come in. One bit per offset, no allocation per record.
 * Thread-safe: records settle on other threads than the one reading them.
 */
public final class InOrderOffsets {
    /** Past this many settled offsets below the commit point, the bits are shifted down. */
    private static final int COMPACT_AT = 1 << 16;

    private static final class Progress {
        /** The offset of bit 0. */
        long origin;
        /** Every offset below it is settled. */
        long settledBelow;
        /** The next offset to read. */
        long next;

        long committed = -1;
        BitSet settled = new BitSet();

        Progress(long first) {
            origin = first;
            settledBelow = first;
            next = first;
        }

        void advance() {
            settledBelow = Math.min(origin + settled.nextClearBit((int) (settledBelow - origin)), next);
            int below = (int) (settledBelow - origin);
            if (below >= COMPACT_AT) {
                settled = settled.get(below, Math.max(below, settled.length()));
                origin = settledBelow;
            }
        }
    }

    private final Map<TopicPartition, Progress> partitions = new HashMap<>();
    private int unsettled;

    /** A record was read: unsettled until {@link #settled}. Offsets skipped since the last read (transaction markers) count as settled. */
    public synchronized void read(TopicPartition partition, long offset) {
        Progress p = partitions.get(partition);
        if (p == null) {
            p = new Progress(offset);
            partitions.put(partition, p);
        }
        if (offset < p.next) {
            return;
        }
        if (offset > p.next) {
            p.settled.set((int) (p.next - p.origin), (int) (offset - p.origin));
        }
        p.next = offset + 1;
        unsettled++;
    }

    /** The record is done with (delivered, refused, dead-lettered). Unknown or repeated settlements are ignored. */
    public synchronized void settled(TopicPartition partition, long offset) {
        Progress p = partitions.get(partition);
        if (p == null || offset < p.settledBelow || offset >= p.next) {
            return;
        }
        int bit = (int) (offset - p.origin);
        if (!p.settled.get(bit)) {
            p.settled.set(bit);
            unsettled--;
        }
    }

    /**
     * The last record read was not taken after all (the handler threw on it): it is to be read again, and nothing
     * after it in its partition was read.
     */
    public synchronized void unread(TopicPartition partition, long offset) {
        Progress p = partitions.get(partition);
        if (p == null || offset != p.next - 1 || offset < p.settledBelow) {
            return;
        }
        int bit = (int) (offset - p.origin);
        if (!p.settled.get(bit)) {
            unsettled--;
        }
        p.settled.clear(bit);
        p.next = offset;
        // Offsets skipped just before it (markers) stay settled: reading them again is harmless.
    }

    /** The next offset to read in a partition this tracker follows, or -1. */
    public synchronized long next(TopicPartition partition) {
        Progress p = partitions.get(partition);
        return p == null ? -1 : p.next;
    }

    /** The offset last committed for a partition through {@link #committable}, or -1. */
    public synchronized long committed(TopicPartition partition) {
        Progress p = partitions.get(partition);
        return p == null ? -1 : p.committed;
    }

    public synchronized int unsettled() {
        return unsettled;
    }

    /** Offsets to commit now (only those that moved), marked as committed. */
    public synchronized Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> of) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : of) {
            Progress p = partitions.get(partition);
            if (p == null) {
                continue;
            }
            p.advance();
            if (p.settledBelow > p.committed) {
                offsets.put(partition, new OffsetAndMetadata(p.settledBelow));
                p.committed = p.settledBelow;
            }
        }
        return offsets;
    }

    public synchronized Collection<TopicPartition> partitions() {
        return new ArrayList<>(partitions.keySet());
    }

    /** Partitions given up (revoked, or the clients restarted): their unsettled records will be read again. */
    public synchronized void forget(Collection<TopicPartition> gone) {
        for (TopicPartition partition : gone) {
            Progress p = partitions.remove(partition);
            if (p != null) {
                p.advance();
                long settledAbove = p.settled
                        .get((int) (p.settledBelow - p.origin), (int) (p.next - p.origin))
                        .cardinality();
                unsettled -= (int) (p.next - p.settledBelow - settledAbove);
            }
        }
    }
}
