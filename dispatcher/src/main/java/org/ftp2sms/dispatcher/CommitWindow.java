package org.ftp2sms.dispatcher;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The messages taken from the ready topic and not yet committed, per partition in offset order: at most
 * {@code capacity} of them, which is what bounds the repeats after a hard crash. A message leaves the window
 * only when it and every message before it on its partition are settled and that offset is committed, so the
 * window slides on while one slow message holds only its own partition's commits. Slots are settled from the
 * submitter threads; everything else runs on the poll thread.
 */
final class CommitWindow {
    private final int capacity;
    private final Map<TopicPartition, ArrayDeque<Slot>> slots = new HashMap<>();
    private int size;

    CommitWindow(int capacity) {
        this.capacity = capacity;
    }

    boolean hasRoom() {
        return size < capacity;
    }

    int size() {
        return size;
    }

    Slot take(TopicPartition partition, long offset) {
        Slot slot = new Slot(offset);
        slots.computeIfAbsent(partition, p -> new ArrayDeque<>()).addLast(slot);
        size++;
        return slot;
    }

    /**
     * Removes every partition's settled prefix and returns the offsets to commit. A partition whose first
     * unsettled message failed is emptied and its offset put in {@code rewinds}: the caller seeks back there, and
     * whatever was taken after it is read again.
     */
    Map<TopicPartition, OffsetAndMetadata> settle(Map<TopicPartition, Long> rewinds) {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        for (Iterator<Map.Entry<TopicPartition, ArrayDeque<Slot>>> it = slots.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<TopicPartition, ArrayDeque<Slot>> entry = it.next();
            ArrayDeque<Slot> queue = entry.getValue();
            long next = -1;
            while (!queue.isEmpty() && queue.peekFirst().state == Slot.DONE) {
                next = queue.pollFirst().offset + 1;
                size--;
            }
            if (next >= 0) {
                commits.put(entry.getKey(), new OffsetAndMetadata(next));
            }
            if (!queue.isEmpty() && queue.peekFirst().state == Slot.FAILED) {
                rewinds.put(entry.getKey(), queue.peekFirst().offset);
                size -= queue.size();
                queue.clear();
            }
            if (queue.isEmpty()) {
                it.remove();
            }
        }
        return commits;
    }

    /** Forgets partitions this consumer no longer owns; their messages still in flight are no longer counted. */
    void drop(Collection<TopicPartition> partitions) {
        for (TopicPartition p : partitions) {
            ArrayDeque<Slot> queue = slots.remove(p);
            if (queue != null) {
                size -= queue.size();
            }
        }
    }

    boolean owns(TopicPartition partition) {
        return slots.containsKey(partition);
    }

    static final class Slot {
        static final int PENDING = 0;
        static final int DONE = 1;
        static final int FAILED = 2;
        final long offset;
        volatile int state = PENDING;

        Slot(long offset) {
            this.offset = offset;
        }

        void settled(boolean ok) {
            state = ok ? DONE : FAILED;
        }
    }
}
