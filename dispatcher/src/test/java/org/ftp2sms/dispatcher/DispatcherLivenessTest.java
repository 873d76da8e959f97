package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ftp2sms.smsc.SmscSimulator;
import org.ftp2sms.smsc.SmscSimulatorSettings;
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
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A poll thread that ended (nothing restarts it) fails {@code /livez}; an SMSC outage only {@code /readyz}. */
@ExtendWith(KafkaBrokerExtension.class)
class DispatcherLivenessTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @AutoClose
    private final RunningStages stages = new RunningStages();

    @Test
    void aDeadPollThreadFailsLivez(TestKafka kafka) {
        SmscSimulator smsc = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests()));
        DispatcherFixture.Groups groups = DispatcherFixture.isolatedGroups(kafka);
        Set<Thread> before = HealthProbes.liveThreads();
        DispatcherStage stage = stages.start(new DispatcherStage(
                groups.apply(new DispatcherSettings(
                        kafka.settings(),
                        "localhost",
                        smsc.port(),
                        "ftp2sms",
                        "ftp2sms",
                        8,
                        TestKafka.unique("live"),
                        0,
                        dataDir)),
                new SimpleMeterRegistry()));
        try (HealthProbes probes = new HealthProbes(stage)) {
            await().atMost(WAIT).until(() -> probes.get("/readyz").equals("200 UP"));
            assertThat(probes.get("/livez")).isEqualTo("200 UP");

            HealthProbes.interruptNewThread("dispatcher-poll", before);
            // A worker may die of an uncaught exception: that is the point, not a test failure.
            await().atMost(WAIT)
                    .dontCatchUncaughtExceptions()
                    .until(() -> probes.get("/livez").equals("503 DEAD: dispatcher"));
            assertThat(probes.get("/readyz"))
                    .as("readiness as before: a dead thread is not ready either")
                    .isEqualTo("503 DOWN: dispatcher");
        }
    }
}
