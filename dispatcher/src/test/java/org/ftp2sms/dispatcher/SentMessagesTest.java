package org.ftp2sms.dispatcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SentMessagesTest {
    private static final Duration FOREVER = Duration.ofHours(1);

    /** A stale receipt redelivered while nothing is being sent must not hold a PDU thread for its patience. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anUnknownIdIsAnsweredAtOnceWhenNoMessageIsBeingSubmitted() throws InterruptedException {
        SentMessages sent = new SentMessages(10);
        sent.submitStarted();
        sent.sent(message("m1", "a"));
        sent.submitEnded();

        assertThat(sent.find("unknown", FOREVER)).isEmpty();
        assertThat(sent.find("a", FOREVER)).isPresent();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aReceiptThatOutranItsSubmitResponseIsWokenWhenItsMessageIsRecorded() throws Exception {
        SentMessages sent = new SentMessages(10);
        sent.submitStarted();
        CompletableFuture<Optional<SentMessage>> receiptOfB = CompletableFuture.supplyAsync(() -> find(sent, "b"));
        CompletableFuture<Optional<SentMessage>> receiptOfOther = CompletableFuture.supplyAsync(() -> find(sent, "other"));

        sent.sent(message("m1", "a", "b"));

        assertThat(receiptOfB.get()).map(SentMessage::messageId).contains("m1");
        assertThat(receiptOfOther).isNotDone(); // only the receipts of the recorded message's parts wake up
        sent.sent(message("m2", "other"));
        assertThat(receiptOfOther.get()).map(SentMessage::messageId).contains("m2");
    }

    private static Optional<SentMessage> find(SentMessages sent, String id) {
        try {
            return sent.find(id, FOREVER);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SentMessage message(String id, String... parts) {
        return new SentMessage(id, "f", "c", "3247" + id.hashCode(), Instant.EPOCH, List.of(parts), "ACME");
    }
}
