package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ftp2sms.testkit.FreePorts;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(KafkaBrokerExtension.class)
class FailedStartTest {
    private final TestKafka kafka;
    @TempDir
    Path dir;

    FailedStartTest(TestKafka kafka) {
        this.kafka = kafka;
    }

    /** The calendar hold fails last but one (its state dir cannot be made): the producer and views made before go. */
    @Test
    void aStartThatFailsPartWayLeavesNoClientRunning() throws IOException {
        Path notADirectory = Files.createFile(dir.resolve("data"));
        String instanceId = TestKafka.unique("failing");
        DispatcherSettings settings = new DispatcherSettings(kafka.settings(), "localhost", FreePorts.next(), "ftp2sms",
                "ftp2sms", 4, instanceId, 0, notADirectory);
        long viewsBefore = threadsNamed("view-").size();
        DispatcherStage stage = new DispatcherStage(settings, new SimpleMeterRegistry());

        assertThatThrownBy(stage::start).isInstanceOf(RuntimeException.class);

        assertThat(threadsNamed(instanceId.toLowerCase())).isEmpty();
        assertThat(threadsNamed("view-")).hasSize((int) viewsBefore);
        stage.close(); // idempotent after the start's own clean-up
        assertThatThrownBy(stage::start).isInstanceOf(IllegalStateException.class);
    }

    private static List<String> threadsNamed(String part) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.contains(part)).toList();
    }
}
