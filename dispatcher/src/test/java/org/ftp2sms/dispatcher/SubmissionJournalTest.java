package org.ftp2sms.dispatcher;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class SubmissionJournalTest {

    /** A receipt thread sees the message only once its entry is on its way, so a tombstone can only follow it. */
    @Test
    void theAwaitingEntryIsSentBeforeTheMessageIsVisibleToReceipts() throws InterruptedException {
        SentMessages memory = new SentMessages(100);
        List<String> visibleWhenSent = new ArrayList<>();
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
                if (record.key().startsWith("id:")) {
                    String id = record.key().substring(3);
                    if (memory.resolve(id, true).isPresent()) { // what a receipt thread could do at this moment
                        visibleWhenSent.add(id);
                    }
                }
                return super.send(record, callback);
            }
        };
        SubmissionJournal journal = new SubmissionJournal(new EventPublisher(producer));
        SentMessage message = new SentMessage("m1", "f1", "c1", "32470000001", Instant.EPOCH, List.of("a", "b"), "ACME");

        journal.sent(message, memory).join();

        assertThat(visibleWhenSent).isEmpty();
        assertThat(memory.find("a", Duration.ZERO)).contains(message);
        assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly("id:a", "id:b", "to:32470000001:ACME");
    }
}
