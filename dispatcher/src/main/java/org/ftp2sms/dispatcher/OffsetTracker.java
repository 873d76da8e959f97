package org.ftp2sms.dispatcher;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Offsets of the ready topic, per partition, when messages are submitted out of offset order (the fair scheduler
 * lets a small connector's message pass a large one's backlog). A partition commits the lowest offset not settled
 * yet (held in memory, in flight, or dropped to be read again); the messages settled above it travel in the
 * commit's metadata, so after a crash or a rebalance they are skipped, not submitted again: as ranges
 * ({@code v1:<start>-<length>,…}, base 36, relative to the offset) or, when shorter, as a bitmap of the
 * {@value #MAX_SPAN} offsets above it ({@code v2:<base64>}, bit i = offset + i settled).
 *
 * <p>The window: a message counts from its submit until it settles (its status and journal entries acknowledged
 * by Kafka), so at most {@code window} messages are in flight when a crash comes, and only those are submitted
 * twice. What settled after the last commit is not submitted again either: each commit also carries the time its
 * oldest message in flight was dispatched ({@code @<base 36 epoch ms>}); every journal entry written since is at or
 * after that time, so the next owner reads the submission journal from there ({@link #submittedSince}) and skips
 * the messages it names. Commits can then be rare (one a second) without holding the window. The metadata is bounded (the
 * broker keeps 4 KiB): a partition is read at most {@code span} (at most {@value #MAX_SPAN}) offsets past its
 * commit point, and a record beyond is not handled but read again later, so whatever settles fits the bitmap and
 * every message held in memory may go at any time (nothing waits on the commit point: no cycle can form).
 *
 * <p>Read ahead: a record whose connector already has enough messages in memory is dropped, and its partition
 * read again from that connector's lowest dropped offset once it has room ({@link #rewinds}); meanwhile the
 * partition is read on, for other connectors' messages, up to the span. Everything runs on the poll thread
 * but {@link Slot#settled}, which submitter threads call.
 */
final class OffsetTracker {
    /** Offsets above the commit a bitmap covers: 2 000 bytes, 2 668 in base 64. */
    static final int MAX_SPAN = 16_000;
    /** Dropped records read again at once, not when a connector has room: a message that failed. */
    private static final String FAILED = "\u0000failed";
    /** ... and records read past the span: read again from there (the partition waits until its commit moves on). */
    private static final String AHEAD = "\u0000ahead";
    private static final String VERSION = "v1:";
    private static final String BITMAP = "v2:";
    /** Before the time the submission journal is to be read again from. */
    private static final char SINCE = '@';

    private final int window;
    private final int span;
    private final Clock clock;
    /** Dispatched and not settled yet (as applied here): poll thread only. */
    private final Set<Slot> inFlight = new HashSet<>();

    private final Map<TopicPartition, Progress> partitions = new HashMap<>();
    private final ConcurrentLinkedQueue<Slot> settledSlots = new ConcurrentLinkedQueue<>();
    private final Semaphore settledSignal = new Semaphore(0);
    private int inWindow;

    OffsetTracker(int window) {
        this(window, MAX_SPAN, Clock.systemUTC());
    }

    OffsetTracker(int window, int span) {
        this(window, span, Clock.systemUTC());
    }

    /**
     * @param span  how far past its commit point a partition is read, at most {@value #MAX_SPAN}
     * @param clock the time of a dispatch, on the same clock as the journal's timestamps
     */
    OffsetTracker(int window, int span, Clock clock) {
        if (span < 1 || span > MAX_SPAN) {
            throw new IllegalArgumentException("span: 1 to " + MAX_SPAN + ", got " + span);
        }
        this.window = window;
        this.span = span;
        this.clock = clock;
    }

    /** A partition assigned, to be read from {@code position}; {@code committed} carries the ranges settled above it. */
    void assigned(TopicPartition partition, long position, OffsetAndMetadata committed) {
        Progress p = new Progress(position);
        if (committed != null && committed.offset() == position) {
            decode(position, committed.metadata()).forEach((start, end) -> p.settled.put(start, end));
            p.confirmed = committed;
            p.sent = committed;
        }
        partitions.put(partition, p);
    }

    /** Partitions no longer owned: their messages in flight no longer count (another instance reads them again). */
    void revoked(Collection<TopicPartition> revoked) {
        for (TopicPartition tp : revoked) {
            Progress p = partitions.remove(tp);
            if (p != null) {
                int before = inFlight.size();
                inFlight.removeIf(slot -> slot.progress == p);
                inWindow -= before - inFlight.size();
            }
        }
    }

    Set<TopicPartition> partitions() {
        return Set.copyOf(partitions.keySet());
    }

    /**
     * A record was read: true when it is to be handled, false when it is settled already, held in memory, or
     * beyond the span (then it is read again once the partition's commit has moved on).
     */
    boolean read(TopicPartition partition, long offset) {
        Progress p = partitions.get(partition);
        if (p == null) {
            return false;
        }
        long point = p.commitPoint();
        p.cursor = Math.max(p.cursor, offset + 1);
        if (p.open.contains(offset) || p.isSettled(offset)) {
            return false;
        }
        if (offset - point >= span) {
            p.drop(offset, AHEAD);
            return false;
        }
        return true;
    }

    /** The record is held in memory, waiting for its turn. */
    void held(TopicPartition partition, long offset) {
        Progress p = partitions.get(partition);
        if (p != null) {
            p.open.add(offset);
        }
    }

    /** The record was not kept (its connector has enough waiting): read it again once {@code connectorId} has room. */
    void dropped(TopicPartition partition, long offset, String connectorId) {
        Progress p = partitions.get(partition);
        if (p != null) {
            p.drop(offset, connectorId);
        }
    }

    /** Handling the record failed: it is read again (by the next session), so no commit may pass it. */
    void failed(TopicPartition partition, long offset) {
        Progress p = partitions.get(partition);
        if (p != null) {
            p.drop(offset, FAILED);
        }
    }

    /** The record needs no submit (unreadable, logged): settled as it is. */
    void skipped(TopicPartition partition, long offset) {
        Progress p = partitions.get(partition);
        if (p != null) {
            p.addSettled(offset);
        }
    }

    boolean hasRoom() {
        return inWindow < window;
    }

    int inWindow() {
        return inWindow;
    }

    /** The message goes to the SMSC: it takes a place in the window. */
    Slot dispatched(ReadyMessage m) {
        Progress p = partitions.get(m.partition());
        if (p != null) {
            p.inFlight++;
        }
        inWindow++;
        Slot slot = new Slot(m.partition(), m.offset(), p, clock.millis());
        inFlight.add(slot);
        return slot;
    }

    /** Applies what submitter threads settled since the last call. */
    void applySettled() {
        for (Slot s; (s = settledSlots.poll()) != null; ) {
            if (!inFlight.remove(s)) {
                continue; // revoked meanwhile: already out of the window
            }
            inWindow--;
            Progress p = partitions.get(s.partition);
            if (p == null || p != s.progress) {
                continue;
            }
            p.inFlight--;
            p.open.remove(s.offset);
            if (s.ok) {
                p.addSettled(s.offset);
            } else {
                p.drop(s.offset, FAILED);
            }
        }
    }

    /** Waits until a slot settled since the last call, or {@code max}; true when one did. */
    boolean awaitSettled(Duration max) throws InterruptedException {
        boolean settled = settledSignal.tryAcquire(max.toNanos(), TimeUnit.NANOSECONDS);
        settledSignal.drainPermits();
        return settled;
    }

    /** Wakes {@link #awaitSettled} early: something else changed (a bind came up). */
    void wake() {
        settledSignal.release();
    }

    /** Each partition's commit, where it differs from the last one sent (several may be in flight). */
    Map<TopicPartition, OffsetAndMetadata> toCommit() {
        return commits(false);
    }

    /** Each partition's commit, where it differs from the last one confirmed: before a partition moves away. */
    Map<TopicPartition, OffsetAndMetadata> toCommitSinceConfirmed() {
        return commits(true);
    }

    private Map<TopicPartition, OffsetAndMetadata> commits(boolean sinceConfirmed) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        String since = SINCE + Long.toString(oldestDispatch(), 36);
        partitions.forEach((tp, p) -> {
            long point = p.commitPoint();
            p.prune(point);
            String settled = encode(point, p.settled);
            OffsetAndMetadata last = sinceConfirmed ? p.confirmed : p.sent;
            // The same state with an older time says no less: not committed again for the time alone.
            if (last == null || last.offset() != point || !settled.equals(withoutSince(last.metadata()))) {
                OffsetAndMetadata next = new OffsetAndMetadata(point, settled + since);
                offsets.put(tp, next);
                p.sent = next;
            }
        });
        return offsets;
    }

    /**
     * When the oldest message in flight was dispatched (now when none is): any journal entry of a message not settled yet
     * is written at or after it, as is every entry of a message dispatched later.
     */
    private long oldestDispatch() {
        long oldest = clock.millis();
        for (Slot slot : inFlight) {
            oldest = Math.min(oldest, slot.dispatchedAt);
        }
        return oldest;
    }

    /**
     * From when a commit's next owner reads the journal again: messages named there were submitted after the
     * commit and are skipped. Empty for a commit without the time (none, or one written before it was kept).
     */
    static OptionalLong submittedSince(OffsetAndMetadata committed) {
        String metadata = committed == null ? null : committed.metadata();
        int at = metadata == null ? -1 : metadata.lastIndexOf(SINCE);
        if (at < 0) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(metadata.substring(at + 1), 36));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static String withoutSince(String metadata) {
        int at = metadata == null ? -1 : metadata.lastIndexOf(SINCE);
        return at < 0 ? metadata : metadata.substring(0, at);
    }

    /** The offset below which every record of {@code partition} was read and handled (none dropped, none to read); -1 when not assigned. */
    long handledBelow(TopicPartition partition) {
        Progress p = partitions.get(partition);
        return p == null ? -1 : p.commitPoint();
    }

    /**
     * The partition's state as a commit, whatever was committed before: for a partition whose commit carries no time
     * (none yet, or one written before commits had it), committed before anything is dispatched from it, so that
     * whoever reads it after a crash knows from when to read the journal.
     */
    OffsetAndMetadata commitOf(TopicPartition partition) {
        Progress p = partitions.get(partition);
        long point = p.commitPoint();
        p.prune(point);
        OffsetAndMetadata commit =
                new OffsetAndMetadata(point, encode(point, p.settled) + SINCE + Long.toString(oldestDispatch(), 36));
        p.sent = commit;
        return commit;
    }

    /** A commit failed: unless a later one was sent since, the partition's state is sent again. */
    void commitFailed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, failed) -> {
            Progress p = partitions.get(tp);
            if (p != null && failed.equals(p.sent)) {
                p.sent = p.confirmed;
            }
        });
    }

    /** The broker confirmed these commits. */
    void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, committed) -> {
            Progress p = partitions.get(tp);
            if (p != null) {
                p.confirmed = committed;
            }
        });
    }

    /**
     * Partitions to read again: where a message failed or a record was read past the span, from there; where a
     * connector that had no room has some now, from its lowest dropped record. One partition at a time per
     * connector (the next once the first is read up to where it was, or dropped that connector's records again),
     * since one usually refills it and every re-read costs a pass over the partition. The caller seeks there.
     */
    Map<TopicPartition, Long> rewinds(Predicate<String> hasRoom) {
        Set<String> rereading = new HashSet<>();
        partitions.values().forEach(p -> {
            if (p.rereadFor != null && p.cursor < p.rereadUpTo && !p.droppers.containsKey(p.rereadFor)) {
                rereading.add(p.rereadFor);
            }
        });
        Map<TopicPartition, Long> rewinds = new HashMap<>();
        partitions.forEach((tp, p) -> {
            String refill = null;
            long from = Long.MAX_VALUE;
            for (Map.Entry<String, Long> d : p.droppers.entrySet()) {
                String c = d.getKey();
                if (c.equals(FAILED) || c.equals(AHEAD)) {
                    from = Math.min(from, d.getValue());
                } else if (refill == null && !rereading.contains(c) && hasRoom.test(c)) {
                    refill = c;
                    from = Math.min(from, d.getValue());
                }
            }
            if (from == Long.MAX_VALUE) {
                return;
            }
            if (refill != null) {
                rereading.add(refill);
            }
            rewinds.put(tp, from);
            p.rereadFor = refill;
            p.rereadUpTo = p.cursor;
            p.cursor = from;
            long start = from;
            p.droppers.values().removeIf(offset -> offset >= start); // read again from here: met again if still dropped
            p.lowestDropped = p.droppers.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
        });
        return rewinds;
    }

    /** Partitions read {@code span} offsets past their commit point: not read further until it moves on. */
    Set<TopicPartition> readTooFarAhead() {
        Set<TopicPartition> far = new HashSet<>();
        partitions.forEach((tp, p) -> {
            if (p.cursor - p.commitPoint() >= span) {
                far.add(tp);
            }
        });
        return far;
    }

    /** The settled offsets above {@code base}, the shorter of ranges and bitmap. */
    static String encode(long base, TreeMap<Long, Long> ranges) {
        if (ranges.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>(ranges.size());
        ranges.forEach((start, end) -> parts.add(Long.toString(start - base, 36) + "-" + Long.toString(end - start, 36)));
        String asRanges = VERSION + String.join(",", parts);
        long span = ranges.lastEntry().getValue() - base;
        if (span > MAX_SPAN || asRanges.length() <= 64) {
            return asRanges;
        }
        BitSet bits = new BitSet((int) span);
        ranges.forEach((start, end) -> bits.set((int) (start - base), (int) (end - base)));
        String asBitmap = BITMAP + Base64.getEncoder().withoutPadding().encodeToString(bits.toByteArray());
        return asBitmap.length() < asRanges.length() ? asBitmap : asRanges;
    }

    static TreeMap<Long, Long> decode(long base, String withSince) {
        TreeMap<Long, Long> ranges = new TreeMap<>();
        String metadata = withoutSince(withSince);
        if (metadata == null) {
            return ranges;
        }
        try {
            if (metadata.startsWith(BITMAP)) {
                BitSet bits = BitSet.valueOf(Base64.getDecoder().decode(metadata.substring(BITMAP.length())));
                for (int i = bits.nextSetBit(0); i >= 0; ) {
                    int end = bits.nextClearBit(i);
                    ranges.put(base + i, base + end);
                    i = bits.nextSetBit(end);
                }
                return ranges;
            }
            if (!metadata.startsWith(VERSION)) {
                return ranges;
            }
            for (String part : metadata.substring(VERSION.length()).split(",")) {
                int dash = part.indexOf('-');
                long start = base + Long.parseLong(part.substring(0, dash), 36);
                ranges.put(start, start + Long.parseLong(part.substring(dash + 1), 36));
            }
        } catch (RuntimeException e) {
            return new TreeMap<>(); // not ours: read everything above the offset again (at least once)
        }
        return ranges;
    }

    private static boolean contains(TreeMap<Long, Long> ranges, long offset) {
        Map.Entry<Long, Long> e = ranges.floorEntry(offset);
        return e != null && e.getValue() > offset;
    }

    private static final class Progress {
        /** Next offset to read (the consumer's position, as far as this instance knows). */
        long cursor;
        final TreeSet<Long> open = new TreeSet<>();
        /** Settled offsets above the commit point: start -> end (exclusive). */
        final TreeMap<Long, Long> settled = new TreeMap<>();
        /** Who dropped records here (a connector without room, {@code FAILED}, {@code AHEAD}): its lowest offset. */
        final Map<String, Long> droppers = new HashMap<>();
        long lowestDropped = Long.MAX_VALUE;
        int inFlight;
        /** The connector this partition is being read again for, up to where it had been read. */
        String rereadFor;
        long rereadUpTo;
        OffsetAndMetadata confirmed;
        /** The last commit sent, answered or not. */
        OffsetAndMetadata sent;

        Progress(long position) {
            this.cursor = position;
        }

        void drop(long offset, String dropper) {
            lowestDropped = Math.min(lowestDropped, offset);
            droppers.merge(dropper, offset, Math::min);
        }

        long commitPoint() {
            long point = Math.min(cursor, lowestDropped);
            return open.isEmpty() ? point : Math.min(point, open.first());
        }

        boolean isSettled(long offset) {
            return contains(settled, offset);
        }

        void addSettled(long offset) {
            if (isSettled(offset)) {
                return;
            }
            long start = offset;
            long end = offset + 1;
            Map.Entry<Long, Long> before = settled.floorEntry(offset);
            if (before != null && before.getValue() == offset) {
                start = before.getKey();
                settled.remove(start);
            }
            Long after = settled.get(end);
            if (after != null) {
                settled.remove(end);
                end = after;
            }
            settled.put(start, end);
        }

        /** Drops the ranges below the commit point (cut where one straddles it). */
        void prune(long point) {
            while (!settled.isEmpty() && settled.firstKey() < point) {
                Map.Entry<Long, Long> first = settled.pollFirstEntry();
                if (first.getValue() > point) {
                    settled.put(point, first.getValue());
                }
            }
        }
    }

    /** A message's place in the window; settled once by a submitter thread. */
    final class Slot {
        private final TopicPartition partition;
        private final long offset;
        private final Object progress;
        private final long dispatchedAt;
        private volatile boolean ok;

        private Slot(TopicPartition partition, long offset, Object progress, long dispatchedAt) {
            this.partition = partition;
            this.offset = offset;
            this.progress = progress;
            this.dispatchedAt = dispatchedAt;
        }

        void settled(boolean succeeded) {
            this.ok = succeeded;
            settledSlots.add(this);
            settledSignal.release();
        }
    }
}
