package org.ftp2sms.renderer;

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

/** The worker recreates its clients after a failure, but once its thread ended only a restart helps: /livez fails. */
@ExtendWith(KafkaBrokerExtension.class)
class RendererLivenessTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @AutoClose
    private final RunningStages stages = new RunningStages();

    @Test
    void aDeadWorkerFailsLivez(TestKafka kafka) {
        Set<Thread> before = HealthProbes.liveThreads();
        RendererStage stage = stages.start(new RendererStage(
                new RendererSettings(kafka.settings(), TestKafka.unique("live"), TestKafka.unique("renderer")),
                new SimpleMeterRegistry()));
        try (HealthProbes probes = new HealthProbes(stage)) {
            await().atMost(WAIT).until(() -> probes.get("/readyz").equals("200 UP"));
            assertThat(probes.get("/livez")).isEqualTo("200 UP");

            HealthProbes.interruptNewThread("renderer", before);
            // A worker may die of an uncaught exception: that is the point, not a test failure.
            await().atMost(WAIT)
                    .dontCatchUncaughtExceptions()
                    .until(() -> probes.get("/livez").equals("503 DEAD: renderer"));
            assertThat(probes.get("/readyz")).isEqualTo("503 DOWN: renderer");
        }
    }
}
