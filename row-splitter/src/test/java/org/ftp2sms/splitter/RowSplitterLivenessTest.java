package org.ftp2sms.splitter;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ftp2sms.testkit.HealthProbes;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.RunningStages;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The loop survives broker errors, but an ended worker thread fails /livez (before, an interrupt made it spin). */
@ExtendWith(KafkaBrokerExtension.class)
class RowSplitterLivenessTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @AutoClose
    private final RunningStages stages = new RunningStages();

    @Test
    void aDeadWorkerFailsLivez(TestKafka kafka) {
        Set<Thread> before = HealthProbes.liveThreads();
        RowSplitterStage stage = stages.start(new RowSplitterStage(
                new RowSplitterSettings(
                        kafka.settings(),
                        TestKafka.unique("live"),
                        100,
                        RowSplitterSettings.DEFAULT_MAX_BYTES,
                        TestKafka.unique("splitter-group")),
                new SimpleMeterRegistry()));
        try (HealthProbes probes = new HealthProbes(stage)) {
            await().atMost(WAIT).until(() -> probes.get("/readyz").equals("200 UP"));
            assertThat(probes.get("/livez")).isEqualTo("200 UP");

            HealthProbes.interruptNewThread("row-splitter", before);
            // A worker may die of an uncaught exception: that is the point, not a test failure.
            await().atMost(WAIT)
                    .dontCatchUncaughtExceptions()
                    .until(() -> probes.get("/livez").equals("503 DEAD: row-splitter"));
            assertThat(probes.get("/readyz")).isEqualTo("503 DOWN: row-splitter");
        }
    }
}
