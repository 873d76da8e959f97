package org.ftp2sms.dedupe;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.testkit.TestKafka;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/** Waits until a dedupe application has committed every row now in {@code ftp2sms.rows}. */
final class CommittedRows {
    private CommittedRows() {
    }

    /** Under exactly-once, every output of those rows (and every state change) is then committed too. */
    static void waitFor(TestKafka kafka, String applicationId, Duration timeout) {
        try (Admin admin = Admin.create(kafka.settings().common())) {
            Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, TestKafka.PARTITIONS).boxed()
                    .collect(Collectors.toMap(p -> new TopicPartition(Topics.ROWS, p), p -> OffsetSpec.latest()));
            Map<TopicPartition, Long> end = admin.listOffsets(latest).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            await("application " + applicationId + " committed every row").atMost(timeout).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                                .partitionsToOffsetAndMetadata().get();
                        // A partition the application never read a record from has no committed offset.
                        return end.entrySet().stream().allMatch(e -> e.getValue() == 0
                                || committed.containsKey(e.getKey()) && committed.get(e.getKey()).offset() >= e.getValue());
                    });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
