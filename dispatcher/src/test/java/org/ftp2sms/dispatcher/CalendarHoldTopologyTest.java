package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.ftp2sms.contract.Encoding;
import org.ftp2sms.contract.FileIngestionIds;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.RecipientKey;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.Mapping;
import org.ftp2sms.contract.connector.SendingCalendar;
import org.ftp2sms.contract.connector.SendingOptions;
import org.ftp2sms.contract.connector.SendingWindow;
import org.ftp2sms.contract.connector.Weekday;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The calendar hold's topology alone, on {@link TopologyTestDriver}: its clock and wall-clock punctuation are the test's. */
class CalendarHoldTopologyTest {
    // Wednesday 25 November 2026, 08:00 in Brussels; the window opens at 09:00 local (08:00Z).
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T07:00:00Z"));
    private final Map<String, Connector> connectors = new HashMap<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Counter held = registry.counter("held");
    private final Counter released = registry.counter("released");
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> messages;
    private final TestOutputTopic<String, byte[]> ready;

    CalendarHoldTopologyTest() {
        Properties props = new Properties();
        props.put("application.id", "calendar-hold-test");
        props.put("bootstrap.servers", "unused:9092");
        driver = new TopologyTestDriver(CalendarHold.topology(new ConnectorSchedules(id -> Optional.ofNullable(connectors.get(id))),
                clock, Duration.ofSeconds(1), held, released), props, clock.instant());
        messages = driver.createInputTopic(Topics.MESSAGES, Serdes.String().serializer(), Serdes.ByteArray().serializer());
        ready = driver.createOutputTopic(Topics.MESSAGES_READY, Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void aMessageOutsideItsWindowIsHeldWithoutHoldingOthersAndGoesAtTheOpening() {
        connector("nine-to-five", new SendingCalendar("Europe/Brussels",
                List.of(new SendingWindow(List.of(Weekday.WED), "09:00", "17:00")), List.of()));
        connector("any-time", null);
        Message waiting = message("nine-to-five", "32470000001");
        Message other = message("any-time", "32470000002");

        send(waiting);
        send(other);

        assertThat(readyIds()).containsExactly(other.messageId());
        assertThat(held.count()).isEqualTo(1);

        clock.set(Instant.parse("2026-11-25T07:59:59Z"));
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(ready.isEmpty()).isTrue();

        clock.set(Instant.parse("2026-11-25T08:00:00Z"));
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        List<org.apache.kafka.streams.test.TestRecord<String, byte[]>> out = ready.readRecordsToList();
        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(RecipientKey.of("nine-to-five", waiting.phone()));
            assertThat(JsonSerde.of(Message.class).deserializer().deserialize(null, r.value()).messageId()).isEqualTo(waiting.messageId());
        });
        assertThat(released.count()).isEqualTo(1);
    }

    @Test
    void aCalendarChangedWhileHeldIsFollowedAtRelease() {
        connector("moved", new SendingCalendar("Europe/Brussels",
                List.of(new SendingWindow(List.of(Weekday.WED), "09:00", "17:00")), List.of()));
        Message m = message("moved", "32470000003");
        send(m);
        connector("moved", new SendingCalendar("Europe/Brussels",
                List.of(new SendingWindow(List.of(Weekday.WED), "10:00", "17:00")), List.of()));

        clock.set(Instant.parse("2026-11-25T08:00:00Z"));
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(ready.isEmpty()).isTrue();

        clock.set(Instant.parse("2026-11-25T09:00:00Z"));
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(readyIds()).containsExactly(m.messageId());
    }

    @Test
    void aDryRunMessageIsDivertedToItsFileAtOnceWhateverTheCalendarAndNeverReachesTheSender() {
        connector("nine-to-five", new SendingCalendar("Europe/Brussels",
                List.of(new SendingWindow(List.of(Weekday.WED), "09:00", "17:00")), List.of()));
        String file = FileIngestionIds.DRY_RUN_PREFIX + "f";
        Message preview = new Message(file + "-1", file, "nine-to-five", "32470000004", "ACME", "hi", Encoding.GSM7, 1);
        TestOutputTopic<String, byte[]> dryRuns = driver.createOutputTopic(Topics.DRY_RUN_MESSAGES,
                Serdes.String().deserializer(), Serdes.ByteArray().deserializer());

        send(preview);
        clock.set(Instant.parse("2026-11-25T08:00:00Z"));
        driver.advanceWallClockTime(Duration.ofSeconds(2));

        assertThat(ready.isEmpty()).isTrue();
        assertThat(dryRuns.readKeyValuesToList()).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo(file);
            assertThat(JsonSerde.of(Message.class).deserializer().deserialize(null, kv.value)).isEqualTo(preview);
        });
        assertThat(held.count()).isZero();
    }

    @Test
    void aMessageWhoseExpiryComesBeforeTheOpeningIsLetGoAtItsExpiryForTheSenderToRefuse() {
        connectors.put("short", new Connector("short", "short", "ACME", new Mapping("phone", "BE"), "{{ text }}",
                new SendingOptions(3, false, 0, new SendingCalendar("Europe/Brussels",
                        List.of(new SendingWindow(List.of(Weekday.WED), "09:00", "17:00")), List.of()),
                        null, null, null, Duration.ofMinutes(30)), null, null, Instant.EPOCH, Instant.EPOCH));
        Message m = new Message("short-f-1", "short-f", "short", "32470000005", "ACME", "hi", Encoding.GSM7, 1,
                Instant.parse("2026-11-25T07:00:00Z"));
        send(m);
        assertThat(held.count()).isEqualTo(1);

        clock.set(Instant.parse("2026-11-25T07:29:59Z"));
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(ready.isEmpty()).isTrue();
        clock.set(Instant.parse("2026-11-25T07:30:00Z"));
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(readyIds()).containsExactly(m.messageId());
    }

    @Test
    void anUnreadableRecordGoesThroughForTheSenderToLogAndSkip() {
        messages.pipeInput("k", "not json".getBytes());
        assertThat(ready.readKeyValue().key).isEqualTo("k");
    }

    private void connector(String id, SendingCalendar calendar) {
        connectors.put(id, new Connector(id, id, "ACME", new Mapping("phone", "BE"), "{{ text }}",
                new SendingOptions(3, false, 0, calendar), null, null, Instant.EPOCH, Instant.EPOCH));
    }

    private static Message message(String connectorId, String phone) {
        return new Message(connectorId + "-f-1", connectorId + "-f", connectorId, phone, "ACME", "hi", Encoding.GSM7, 1);
    }

    private void send(Message m) {
        messages.pipeInput(RecipientKey.of(m.connectorId(), m.phone()), JsonSerde.of(Message.class).serializer().serialize(null, m));
    }

    private List<String> readyIds() {
        return ready.readValuesToList().stream()
                .map(v -> JsonSerde.of(Message.class).deserializer().deserialize(null, v).messageId()).toList();
    }
}
