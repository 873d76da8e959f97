package org.ftp2sms.dispatcher;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The messages taken from the ready topic and not yet committed, per partition in offset order: at most
 * {@code capacity} of them, which is what bounds the repeats after a hard crash. A message leaves the window
 * only when it and every message before it on its partition are settled and the broker confirmed that offset's
 * commit (commits are asynchronous: a settled prefix keeps its room until {@link #committed}), so the window
 * slides on while one slow message holds only its own partition's commits. Slots are settled from the submitter
 * threads; everything else runs on the poll thread (where the consumer runs commit callbacks too).
 */
final class CommitWindow {
    private final int capacity;
    private final Map<TopicPartition, ArrayDeque<Slot>> slots = new HashMap<>();
    /** Settled prefixes whose commit is not confirmed yet, per partition: next offset -> messages it covers. */
    private final Map<TopicPartition, TreeMap<Long, Integer>> uncommitted = new HashMap<>();
    private final Semaphore settledSignal = new Semaphore(0);
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
        Slot slot = new Slot(offset, settledSignal);
        slots.computeIfAbsent(partition, p -> new ArrayDeque<>()).addLast(slot);
        size++;
        return slot;
    }

    /** Waits until a slot settled since the last call, or {@code max}; true when one did. */
    boolean awaitSettled(Duration max) throws InterruptedException {
        boolean settled = settledSignal.tryAcquire(max.toNanos(), TimeUnit.NANOSECONDS);
        settledSignal.drainPermits();
        return settled;
    }

    /**
     * Moves every partition's settled prefix to the uncommitted offsets and returns those newly settled. A
     * partition whose first unsettled message failed is emptied and its offset put in {@code rewinds}: the caller
     * seeks back there, and whatever was taken after it is read again.
     */
    Map<TopicPartition, OffsetAndMetadata> settle(Map<TopicPartition, Long> rewinds) {
        Map<TopicPartition, OffsetAndMetadata> settled = new HashMap<>();
        for (Iterator<Map.Entry<TopicPartition, ArrayDeque<Slot>>> it = slots.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<TopicPartition, ArrayDeque<Slot>> entry = it.next();
            ArrayDeque<Slot> queue = entry.getValue();
            long next = -1;
            int count = 0;
            while (!queue.isEmpty() && queue.peekFirst().state == Slot.DONE) {
                next = queue.pollFirst().offset + 1;
                count++;
            }
            if (next >= 0) {
                settled.put(entry.getKey(), new OffsetAndMetadata(next));
                uncommitted.computeIfAbsent(entry.getKey(), p -> new TreeMap<>()).merge(next, count, Integer::sum);
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
        return settled;
    }

    /** The offsets to commit: each partition's furthest settled prefix not confirmed yet. */
    Map<TopicPartition, OffsetAndMetadata> toCommit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        uncommitted.forEach((partition, prefixes) -> offsets.put(partition, new OffsetAndMetadata(prefixes.lastKey())));
        return offsets;
    }

    /** The broker confirmed these offsets: the messages before them leave the window. */
    void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> {
            TreeMap<Long, Integer> prefixes = uncommitted.get(partition);
            if (prefixes == null) {
                return;
            }
            NavigableMap<Long, Integer> covered = prefixes.headMap(offset.offset(), true);
            size -= covered.values().stream().mapToInt(Integer::intValue).sum();
            covered.clear();
            if (prefixes.isEmpty()) {
                uncommitted.remove(partition);
            }
        });
    }

    /** Forgets partitions this consumer no longer owns; their messages still in flight are no longer counted. */
    void drop(Collection<TopicPartition> partitions) {
        for (TopicPartition p : partitions) {
            ArrayDeque<Slot> queue = slots.remove(p);
            if (queue != null) {
                size -= queue.size();
            }
            TreeMap<Long, Integer> prefixes = uncommitted.remove(p);
            if (prefixes != null) {
                size -= prefixes.values().stream().mapToInt(Integer::intValue).sum();
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
        private final Semaphore settledSignal;
        volatile int state = PENDING;

        Slot(long offset, Semaphore settledSignal) {
            this.offset = offset;
            this.settledSignal = settledSignal;
        }

        void settled(boolean ok) {
            state = ok ? DONE : FAILED;
            settledSignal.release();
        }
    }
}
