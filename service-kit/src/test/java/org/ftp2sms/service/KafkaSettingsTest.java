package org.ftp2sms.service;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaSettingsTest {
    private final KafkaSettings settings = new KafkaSettings("k:9092", Map.of(
            "security.protocol", "SASL_SSL",
            "linger.ms", "20",
            "acks", "1",
            "enable.idempotence", "false",
            "isolation.level", "read_uncommitted",
            "enable.auto.commit", "true",
            "processing.guarantee", "at_least_once"));

    @Test
    void theClientFileTunesAndSecuresButNeverWeakensTheGuarantees() {
        Map<String, Object> producer = settings.transactionalProducer("tx");
        assertThat(producer).containsEntry("security.protocol", "SASL_SSL").containsEntry("linger.ms", "20")
                .containsEntry("acks", "all").containsEntry("enable.idempotence", true)
                .containsEntry("transactional.id", "tx");

        Map<String, Object> consumer = settings.consumer("g");
        assertThat(consumer).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("isolation.level", "read_committed").containsEntry("enable.auto.commit", false);

        assertThat(settings.streams("app", Path.of("/tmp/s")))
                .containsEntry("processing.guarantee", "exactly_once_v2").containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void aViewerReadsCommittedDataOutsideAnyGroup() {
        assertThat(settings.viewer("v")).doesNotContainKey("group.id").containsEntry("isolation.level", "read_committed");
    }

    @Test
    void streamsApplicationsOfAKnownInstanceAreStaticGroupMembers() {
        KafkaSettings fromEnv = KafkaSettings.fromEnv(new Env(Map.of("FTP2SMS_KAFKA_BOOTSTRAP", "k:9092",
                "FTP2SMS_INSTANCE_ID", "dedupe-stream-0")));

        assertThat(fromEnv.streams("ftp2sms-dedupe", Path.of("/tmp/s")))
                .containsEntry("main.consumer.group.instance.id", "ftp2sms-dedupe-dedupe-stream-0");
        assertThat(settings.streams("app", Path.of("/tmp/s"))).doesNotContainKey("main.consumer.group.instance.id");
    }

    /** No topology joins streams by time: a task never waits for, nor checks the lag of, its empty partitions. */
    @Test
    void streamsTasksProcessWhatIsBufferedWithoutIdling() {
        assertThat(settings.streams("app", Path.of("/tmp/s"))).containsEntry("max.task.idle.ms", -1L);
    }

    /** Off the sending path: a commit a second, fetches of 64 KiB or 200 ms, the rest as every application. */
    @Test
    void anApplicationOffTheSendingPathCommitsAndFetchesLessOften() {
        assertThat(settings.streamsOffThePath("app", Path.of("/tmp/s")))
                .containsEntry("commit.interval.ms", 1000)
                .containsEntry("main.consumer.fetch.min.bytes", 64 * 1024)
                .containsEntry("main.consumer.fetch.max.wait.ms", 200)
                .containsEntry("processing.guarantee", "exactly_once_v2")
                .containsEntry("application.id", "app");
    }

    /** Some twenty clients share standalone's heap: bounded buffers by default, the client file still decides. */
    @Test
    void clientBuffersAreBoundedByDefaultAndTheClientFileOverridesThem() {
        KafkaSettings plain = new KafkaSettings("k:9092", Map.of());
        assertThat(plain.producer("p")).containsEntry("buffer.memory", 8 * 1024 * 1024);
        assertThat(plain.consumer("g")).containsEntry("max.partition.fetch.bytes", 256 * 1024)
                .containsEntry("fetch.max.bytes", 8 * 1024 * 1024);
        assertThat(plain.streams("app", Path.of("/tmp/s"))).containsEntry("producer.buffer.memory", 8 * 1024 * 1024)
                .containsEntry("consumer.max.partition.fetch.bytes", 256 * 1024)
                .containsEntry("statestore.cache.max.bytes", 4L * 1024 * 1024);

        KafkaSettings tuned = new KafkaSettings("k:9092", Map.of("buffer.memory", "67108864"));
        assertThat(tuned.producer("p")).containsEntry("buffer.memory", "67108864");
    }
}
