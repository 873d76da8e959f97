package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ftp2sms.contract.Encoding;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.MessageIds;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.connector.SendingCalendar;
import org.ftp2sms.contract.connector.SendingOptions;
import org.ftp2sms.contract.connector.SendingWindow;
import org.ftp2sms.contract.connector.Weekday;
import org.ftp2sms.smsc.SmscSimulator;
import org.ftp2sms.smsc.SmscSimulatorSettings;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.MutableClock;
import org.ftp2sms.testkit.RunningStages;
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

/** {@code expireAfter}: a message held past it is refused with 805, one sent in time carries it as validity_period. */
@ExtendWith(KafkaBrokerExtension.class)
class ExpiryTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    // Wednesday 25 November 2026, 08:00 in Brussels; the window opens at 09:00 local (08:00Z).
    private static final Instant ARRIVED = Instant.parse("2026-11-25T07:00:00Z");
    private static final Instant OPENING = Instant.parse("2026-11-25T08:00:00Z");
    private static final SendingCalendar NINE_TO_FIVE = new SendingCalendar("Europe/Brussels",
            List.of(new SendingWindow(List.of(Weekday.WED), "09:00", "17:00")), List.of());
    private final TestKafka kafka;
    private final DispatcherFixture.Groups groups;
    @AutoClose
    private final RunningStages stages = new RunningStages();
    @TempDir
    Path dataDir;

    ExpiryTest(TestKafka kafka) {
        this.kafka = kafka;
        this.groups = DispatcherFixture.isolatedGroups(kafka);
    }

    @Test
    void aMessageHeldPastExpireAfterIsRefusedAndOneSentInTimeCarriesItsValidityPeriod() {
        MutableClock clock = new MutableClock(ARRIVED);
        SmscSimulator smsc = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests()));
        String shortLived = DispatcherFixture.connectorWith(kafka, expiringAfter(Duration.ofMinutes(30)));
        String longLived = DispatcherFixture.connectorWith(kafka, expiringAfter(Duration.ofHours(2)));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        stages.start(new DispatcherStage(settings(smsc.port()), registry, clock));
        Message late = message(shortLived, "your appointment is at 8");
        Message inTime = message(longLived, "your appointment is at 11");
        DispatcherFixture.produce(kafka, List.of(late, inTime), null);
        await().atMost(WAIT)
                .until(() -> registry.counter("ftp2sms.dispatcher.calendar.held").count() >= 2);

        clock.set(ARRIVED.plus(Duration.ofMinutes(30))); // the short-lived one expires while the calendar holds it

        List<Status> expired = kafka.awaitValues(Topics.STATUSES, Status.class,
                s -> late.messageId().equals(s.messageId()) && s.isFinal(), 1, WAIT);
        assertThat(expired).singleElement().satisfies(s -> {
            assertThat(s.statusCode()).isEqualTo(StatusCode.EXPIRED_BEFORE_SENDING.code());
            assertThat(s.statusReason()).isEqualTo("805-expired-before-sending");
            assertThat(s.sentAt()).isNull();
            assertThat(s.at()).isEqualTo(ARRIVED.plus(Duration.ofMinutes(30)));
        });

        clock.set(OPENING);

        assertThat(smsc.awaitReceived(r -> r.destination().equals(inTime.phone()), 1, WAIT)).singleElement()
                .satisfies(r -> assertThat(r.validityPeriod()).isEqualTo("261125090000000+")); // 07:00Z + PT2H
        kafka.awaitValues(Topics.STATUSES, Status.class, s -> inTime.messageId().equals(s.messageId()) && s.isFinal(), 1, WAIT);
        assertThat(smsc.received()).noneMatch(r -> r.destination().equals(late.phone()));
        assertThat(registry.counter("ftp2sms.dispatcher.expired").count()).isEqualTo(1);
    }

    private static SendingOptions expiringAfter(Duration expireAfter) {
        return new SendingOptions(10, false, 0, NINE_TO_FIVE, null, null, null, expireAfter);
    }

    private static Message message(String connectorId, String text) {
        String fileId = TestKafka.unique("file");
        return new Message(MessageIds.of(fileId, 1), fileId, connectorId, DispatcherFixture.phone(), "ACME", text,
                Encoding.GSM7, 1, ARRIVED);
    }

    private DispatcherSettings settings(int smscPort) {
        return groups.apply(new DispatcherSettings(kafka.settings(), "localhost", smscPort, "ftp2sms", "ftp2sms", 8,
                TestKafka.unique("test"), 0, dataDir.resolve(TestKafka.unique("data"))));
    }
}
