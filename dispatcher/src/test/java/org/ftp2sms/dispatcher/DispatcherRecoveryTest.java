package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.service.worker.Supervision;
import org.ftp2sms.smsc.ReceivedSubmit;
import org.ftp2sms.smsc.SmscSimulator;
import org.ftp2sms.smsc.SmscSimulatorSettings;
import org.ftp2sms.testkit.GatedPause;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.RunningStages;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dispatcher's poll loop on the worker model, on the test broker: its handling of a ready record fails once;
 * the stage is not ready (but alive) until it restarts itself from the committed offsets, and every message is
 * submitted once.
 */
@ExtendWith(KafkaBrokerExtension.class)
class DispatcherRecoveryTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private final TestKafka kafka;
    private final DispatcherFixture.Groups groups;
    @AutoClose
    private final RunningStages stages = new RunningStages();
    @TempDir
    Path dataDir;

    DispatcherRecoveryTest(TestKafka kafka) {
        this.kafka = kafka;
        this.groups = DispatcherFixture.isolatedGroups(kafka);
    }

    @Test
    void aFailureOnARecordMakesTheStageUnreadyUntilItRecoversAndEveryMessageGoesOnce() {
        SmscSimulator smsc = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests()));
        String connector = DispatcherFixture.connector(kafka, null);
        List<Message> file = DispatcherFixture.file(connector, 5, "3248");
        String failing = file.get(1).messageId();
        GatedPause pause = GatedPause.closed();
        AtomicBoolean thrown = new AtomicBoolean();
        Supervision throwOnce = Supervision.DEFAULT.withPause(pause).withHook(record -> {
            Message m = JsonSerde.of(Message.class).deserializer().deserialize(record.topic(), record.value());
            if (m != null && failing.equals(m.messageId()) && thrown.compareAndSet(false, true)) {
                throw new IllegalStateException("injected once");
            }
        });
        DispatcherSettings settings = groups.apply(new DispatcherSettings(kafka.settings(), "localhost", smsc.port(),
                "ftp2sms", "ftp2sms", 10, TestKafka.unique("recovery"), 0, dataDir.resolve("data")));
        DispatcherStage stage = stages.start(new DispatcherStage(settings, new SimpleMeterRegistry(), Clock.systemUTC(),
                throwOnce));
        DispatcherFixture.produce(kafka, file, 0);

        await().atMost(WAIT).until(pause::isHolding);
        assertThat(stage.isHealthy()).as("recovering: not ready").isFalse();
        assertThat(stage.isAlive()).as("restarting itself: alive").isTrue();

        pause.release();
        List<ReceivedSubmit> received = smsc.awaitReceived(r -> r.destination().startsWith("3248"), 5, WAIT);
        assertThat(received).extracting(ReceivedSubmit::destination)
                .containsExactlyInAnyOrderElementsOf(file.stream().map(Message::phone).toList());
        await().atMost(WAIT).until(stage::isHealthy);
        // Nothing more arrives: each message went once.
        await().during(Duration.ofSeconds(2)).atMost(WAIT)
                .until(() -> smsc.received().stream().filter(r -> r.destination().startsWith("3248")).count() == 5);
    }
}
