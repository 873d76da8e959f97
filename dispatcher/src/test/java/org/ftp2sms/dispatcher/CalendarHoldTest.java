package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ftp2sms.contract.Encoding;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.connector.SendingCalendar;
import org.ftp2sms.contract.connector.SendingWindow;
import org.ftp2sms.contract.connector.Weekday;
import org.ftp2sms.smsc.SmscSimulator;
import org.ftp2sms.smsc.SmscSimulatorSettings;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.RunningStages;
import org.ftp2sms.testkit.MutableClock;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(KafkaBrokerExtension.class)
class CalendarHoldTest {
    private final DispatcherFixture.Groups groups;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final TestKafka kafka;
    @AutoClose
    private final RunningStages stages = new RunningStages();
    @TempDir
    Path dataDir;

    CalendarHoldTest(TestKafka kafka) {
        this.kafka = kafka;
        this.groups = DispatcherFixture.isolatedGroups(kafka);
    }

    @Test
    void aMessageOutsideItsWindowWaitsAcrossARestartWithoutBlockingOthersAndGoesAtTheOpening() {
        // Wednesday 25 November 2026, 08:00 in Brussels; the window opens at 09:00 local (08:00Z).
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T07:00:00Z"));
        Instant opening = Instant.parse("2026-11-25T08:00:00Z");
        SmscSimulator smsc = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests()));
        String held = DispatcherFixture.connector(kafka, new SendingCalendar("Europe/Brussels",
                List.of(new SendingWindow(List.of(Weekday.WED), "09:00", "17:00")), List.of()));
        String anyTime = DispatcherFixture.connector(kafka, null);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DispatcherStage first = stages.start(new DispatcherStage(settings(smsc.port()), registry, clock));
        String fileId = TestKafka.unique("file");
        Message waiting = DispatcherFixture.message(fileId, held, 1, DispatcherFixture.phone(), "at nine", Encoding.GSM7);
        Message other = DispatcherFixture.message(TestKafka.unique("file"), anyTime, 1, DispatcherFixture.phone(), "now", Encoding.GSM7);

        // Same partition, the held message first: the other connector's message must not wait behind it.
        DispatcherFixture.produce(kafka, List.of(waiting, other), 0);

        assertThat(smsc.awaitReceived(r -> r.destination().equals(other.phone()), 1, WAIT)).hasSize(1);
        await().atMost(WAIT).until(() -> registry.counter("ftp2sms.dispatcher.calendar.held").count() >= 1);
        assertThat(smsc.received()).noneMatch(r -> r.destination().equals(waiting.phone()));

        // The hold is durable: a new dispatcher with an empty data dir restores it from Kafka.
        first.close();
        SimpleMeterRegistry second = new SimpleMeterRegistry();
        stages.start(new DispatcherStage(settings(smsc.port()), second, clock));
        clock.set(opening.minusSeconds(1));
        assertThat(smsc.received()).noneMatch(r -> r.destination().equals(waiting.phone()));

        clock.set(opening);

        assertThat(smsc.awaitReceived(r -> r.destination().equals(waiting.phone()), 1, WAIT))
                .singleElement().satisfies(r -> assertThat(r.text()).isEqualTo("at nine"));
        List<Status> statuses = kafka.awaitValues(Topics.STATUSES, Status.class,
                s -> waiting.messageId().equals(s.messageId()) && s.isFinal(), 1, WAIT);
        assertThat(statuses).singleElement().satisfies(s -> {
            assertThat(s.statusCode()).isEqualTo(200);
            assertThat(s.sentAt()).isEqualTo(opening);
        });
        assertThat(second.counter("ftp2sms.dispatcher.calendar.released").count()).isEqualTo(1);
    }

    private DispatcherSettings settings(int smscPort) {
        return groups.apply(new DispatcherSettings(kafka.settings(), "localhost", smscPort, "ftp2sms", "ftp2sms", 8,
                TestKafka.unique("test"), 0, dataDir.resolve(TestKafka.unique("data"))));
    }

}
