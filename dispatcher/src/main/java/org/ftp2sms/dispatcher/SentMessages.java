package org.ftp2sms.dispatcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The messages awaiting receipts, by SMSC message id of each part, and the last message sent to each phone from
 * each sender (a conversation: replies are linked to it). A write-through cache of {@code ftp2sms.smsc-submissions}, loaded from it at start
 * ({@link SubmissionJournal}), so a restart forgets nothing. Bounded, the oldest entries going first.
 *
 * <p>A message of several parts is delivered when every part's receipt said DELIVRD, and failed as soon as one
 * part's receipt says otherwise (the recipient cannot read a message with a part missing); receipts of the other
 * parts are then ignored.
 */
final class SentMessages {
    private final Map<String, SentMessage> bySmscId;
    private final Map<String, SentMessage> lastByConversation;
    /**
     * One instance of each file id, connector id and sender among the messages kept: they repeat for every row of a
     * file, and hundreds of thousands of messages are kept (a third of their heap was these copies).
     */
    private final Map<String, String> shared = bounded(4096);
    /** Receipts waiting for their message to be recorded, by SMSC id. */
    private final Map<String, CompletableFuture<SentMessage>> awaited = new HashMap<>();
    private int submitting;

    SentMessages(int capacity) {
        this.bySmscId = bounded(capacity);
        this.lastByConversation = bounded(capacity);
    }

    synchronized void sent(SentMessage sent) {
        SentMessage message = compact(sent);
        for (String id : message.partIds()) {
            bySmscId.put(id, message);
            CompletableFuture<SentMessage> waiting = awaited.remove(id);
            if (waiting != null) {
                waiting.complete(message);
            }
        }
        lastByConversation.remove(conversation(message.phone(), message.sender())); // re-inserted last: evicted last
        lastByConversation.put(conversation(message.phone(), message.sender()), message);
    }

    /** A submitter starts submitting a message; {@link #submitEnded} once it is recorded (or given up). */
    synchronized void submitStarted() {
        submitting++;
    }

    synchronized void submitEnded() {
        submitting--;
    }

    /** Replays one journal entry at start: {@code message} null is a tombstone. */
    synchronized void restoreAwaiting(String smscMessageId, SentMessage message) {
        if (message == null) {
            bySmscId.remove(smscMessageId);
        } else {
            bySmscId.put(smscMessageId, compact(message));
        }
    }

    /** Replays a {@code to:} journal entry; one without a sender (journaled before senders were) cannot be matched. */
    synchronized void restoreLast(SentMessage message) {
        if (message != null && message.sender() != null) {
            lastByConversation.put(conversation(message.phone(), message.sender()), compact(message));
        }
    }

    /**
     * The message with that SMSC id; waits up to {@code patience} because a fast receipt can arrive before the
     * submitting thread has recorded the submit_sm_resp it follows. The wait is per id (recording one message
     * wakes only the receipts of its parts), and there is none when no message is being submitted: then the id
     * cannot turn up, and a receipt nobody awaits (a stale one redelivered after a restart) costs no PDU thread time.
     */
    Optional<SentMessage> find(String smscMessageId, Duration patience) throws InterruptedException {
        CompletableFuture<SentMessage> arrival;
        synchronized (this) {
            SentMessage found = bySmscId.get(smscMessageId);
            if (found != null || submitting == 0) {
                return Optional.ofNullable(found);
            }
            arrival = awaited.computeIfAbsent(smscMessageId, id -> new CompletableFuture<>());
        }
        try {
            return Optional.of(arrival.get(patience.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("never completed exceptionally", e);
        } finally {
            synchronized (this) {
                awaited.remove(smscMessageId, arrival);
            }
        }
    }

    /**
     * Applies a final receipt of one part; empty when that part is not awaited (any more). The parts it settles
     * are forgotten at once, so that a concurrent receipt of a sibling sees them settled; {@link #undo} puts them
     * back when the outcome could not be recorded.
     */
    synchronized Optional<Resolution> resolve(String smscMessageId, boolean delivered) {
        SentMessage message = bySmscId.get(smscMessageId);
        if (message == null) {
            return Optional.empty();
        }
        List<String> settled = new ArrayList<>();
        if (delivered) {
            bySmscId.remove(smscMessageId);
            settled.add(smscMessageId);
            boolean last = message.partIds().stream().noneMatch(bySmscId::containsKey);
            return Optional.of(new Resolution(message, settled, last));
        }
        for (String id : message.partIds()) {
            if (bySmscId.remove(id) != null) {
                settled.add(id);
            }
        }
        return Optional.of(new Resolution(message, settled, true));
    }

    synchronized void undo(Resolution resolution) {
        resolution.settled().forEach(id -> bySmscId.put(id, resolution.message()));
    }

    /**
     * The last message sent to {@code phone} from {@code sender} ({@link ReplyAddress} form). Two connectors sharing a
     * sender share the conversation: the most recent message wins, whichever connector sent it.
     */
    synchronized Optional<SentMessage> lastTo(String phone, String sender) {
        return Optional.ofNullable(lastByConversation.get(conversation(phone, sender)));
    }

    /** The key of a conversation and of its {@code to:} journal entry. */
    static String conversation(String phone, String sender) {
        return phone + ":" + sender;
    }

    synchronized int awaitingReceipt() {
        return bySmscId.size();
    }

    /**
     * @param settled the parts this receipt settled (to tombstone in the journal)
     * @param isFinal whether the message's final status is known now (all parts delivered, or one failed)
     */
    record Resolution(SentMessage message, List<String> settled, boolean isFinal) {
    }

    private SentMessage compact(SentMessage m) {
        return new SentMessage(m.messageId(), share(m.fileIngestionId()), share(m.connectorId()), m.phone(), m.sentAt(),
                m.partIds(), share(m.sender()));
    }

    private String share(String value) {
        if (value == null) {
            return null;
        }
        String known = shared.putIfAbsent(value, value);
        return known == null ? value : known;
    }

    private static <V> Map<String, V> bounded(int capacity) {
        return new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
