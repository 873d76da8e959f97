package org.ftp2sms.aggregator;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ftp2sms.rules.webhook.WebhookAddresses;
import org.ftp2sms.testkit.HealthProbes;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.RunningStages;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Kafka Streams replaces its own threads; the webhook poller is a plain thread: once it ended, /livez fails. */
@ExtendWith(KafkaBrokerExtension.class)
class WebhookPollerLivenessTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @AutoClose
    private final RunningStages stages = new RunningStages();

    @Test
    void aDeadWebhookPollerFailsLivez(TestKafka kafka) {
        Set<Thread> before = HealthProbes.liveThreads();
        StatusAggregatorStage stage = stages.start(new StatusAggregatorStage(
                new StatusAggregatorSettings(
                        kafka.settings(),
                        dataDir.resolve("data"),
                        dataDir.resolve("state"),
                        TestKafka.unique("aggregator"),
                        LocalTime.of(2, 0),
                        LocalTime.of(5, 0),
                        30,
                        Duration.ofMillis(200),
                        TestKafka.unique("webhooks"),
                        Duration.ofSeconds(5),
                        3,
                        Duration.ofMillis(10),
                        Duration.ofMillis(100),
                        TestKafka.unique("instance"),
                        WebhookAddresses.STRICT),
                new SimpleMeterRegistry()));
        try (HealthProbes probes = new HealthProbes(stage)) {
            await().atMost(WAIT).until(() -> probes.get("/readyz").equals("200 UP"));
            assertThat(probes.get("/livez")).isEqualTo("200 UP");

            HealthProbes.interruptNewThread("webhook-poller", before);
            // A worker may die of an uncaught exception: that is the point, not a test failure.
            await().atMost(WAIT)
                    .dontCatchUncaughtExceptions()
                    .until(() -> probes.get("/livez").equals("503 DEAD: status-aggregator"));
            assertThat(probes.get("/readyz")).isEqualTo("503 DOWN: status-aggregator");
        }
    }
}
