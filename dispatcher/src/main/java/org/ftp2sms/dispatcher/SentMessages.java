package org.ftp2sms.dispatcher;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The messages awaiting a receipt, by SMSC message id, and the last message sent to each phone (to link
 * replies). In memory and bounded, the oldest entries going first: a restart forgets them, so a receipt
 * arriving after it finds nothing. A durable mapping is issue 8.
 */
final class SentMessages {
    private final Map<String, SentMessage> bySmscId;
    private final Map<String, SentMessage> lastByPhone;

    SentMessages(int capacity) {
        this.bySmscId = bounded(capacity);
        this.lastByPhone = bounded(capacity);
    }

    synchronized void sent(String smscMessageId, SentMessage message) {
        bySmscId.put(smscMessageId, message);
        lastByPhone.put(message.phone(), message);
        notifyAll();
    }

    /**
     * The message with that SMSC id; waits up to {@code patience} because a fast receipt can arrive before the
     * submitting thread has recorded the submit_sm_resp it follows.
     */
    synchronized Optional<SentMessage> find(String smscMessageId, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        SentMessage found = bySmscId.get(smscMessageId);
        while (found == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            wait(Math.max(1, left / 1_000_000));
            found = bySmscId.get(smscMessageId);
        }
        return Optional.of(found);
    }

    synchronized void finished(String smscMessageId) {
        bySmscId.remove(smscMessageId);
    }

    synchronized Optional<SentMessage> lastTo(String phone) {
        return Optional.ofNullable(lastByPhone.get(phone));
    }

    synchronized int awaitingReceipt() {
        return bySmscId.size();
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
