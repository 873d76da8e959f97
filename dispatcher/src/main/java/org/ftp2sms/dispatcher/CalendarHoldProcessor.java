package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.Counter;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.RecipientKey;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.rules.calendar.SendingSchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lets a message through to {@code ftp2sms.messages-ready} when its connector's calendar is open, else keeps it
 * in a persistent store keyed by release instant ({@code <epoch millis, 19 digits>|<messageId>}, so the store is
 * sorted by release time) until a wall-clock punctuation finds it due by the injected {@link Clock}. The
 * calendar is read again at release: a connector whose calendar changed meanwhile is followed. A held message
 * blocks nothing: the record after it on the same partition is decided on its own. A message whose
 * {@code expireAfter} runs out while held is let go at that moment, so that the sender refuses it (805) then
 * rather than when the calendar opens. A dry-run message (every stage before passed it) is diverted here, before
 * the calendar and the SMPP window, to {@code ftp2sms.dry-run-messages}, keyed by its file: it never reaches the
 * sender.
 */
final class CalendarHoldProcessor implements Processor<String, byte[], String, byte[]> {
    static final String STORE = "calendar-hold";
    static final String READY = "ready";
    static final String DRY_RUN = "dry-run";
    private static final Logger log = LoggerFactory.getLogger(CalendarHoldProcessor.class);
    /** A message of a connector not (yet) in the view waits this long once, then goes as if it had no calendar. */
    private static final Duration UNKNOWN_CONNECTOR_WAIT = Duration.ofSeconds(2);
    /** A calendar that never opens within the horizon is checked again this often (the connector may change). */
    private static final Duration NEVER_OPEN_RECHECK = Duration.ofHours(1);

    private final ConnectorSchedules schedules;
    private final Clock clock;
    private final Duration punctuation;
    private final Counter held;
    private final Counter released;
    private final Deserializer<Message> messages = JsonSerde.of(Message.class).deserializer();
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> store;

    CalendarHoldProcessor(ConnectorSchedules schedules, Clock clock, Duration punctuation, Counter held, Counter released) {
        this.schedules = schedules;
        this.clock = clock;
        this.punctuation = punctuation;
        this.held = held;
        this.released = released;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        context.schedule(punctuation, PunctuationType.WALL_CLOCK_TIME, ignored -> releaseDue());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Message message = read(record.value());
        if (message == null || message.connectorId() == null || message.messageId() == null) {
            context.forward(record, READY); // the sender logs and skips what it cannot read
            return;
        }
        if (message.dryRun()) {
            context.forward(record.withKey(message.fileIngestionId()), DRY_RUN);
            return;
        }
        Instant now = clock.instant();
        Optional<SendingSchedule> schedule = schedules.of(message.connectorId());
        Instant next = schedule.isEmpty() ? now.plus(UNKNOWN_CONNECTOR_WAIT) : nextAllowed(schedule.get(), now);
        Optional<Instant> expiry = schedules.expiryOf(message);
        if (!next.isAfter(now) || expiry.filter(e -> !e.isAfter(now)).isPresent()) {
            context.forward(record, READY);
            return;
        }
        store.put(key(earliest(next, expiry), message.messageId()), record.value());
        held.increment();
        log.debug("messageId={} connectorId={} held until {}", message.messageId(), message.connectorId(), next);
    }

    private void releaseDue() {
        Instant now = clock.instant();
        List<KeyValue<String, byte[]>> due = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.range(key(Instant.EPOCH, ""), key(now, "\uffff"))) {
            while (it.hasNext()) {
                due.add(it.next());
            }
        }
        int releasedNow = 0;
        for (KeyValue<String, byte[]> entry : due) {
            store.delete(entry.key);
            Message message = read(entry.value);
            if (message == null) {
                continue;
            }
            Optional<SendingSchedule> schedule = schedules.of(message.connectorId());
            Instant next = schedule.isEmpty() ? now : nextAllowed(schedule.get(), now);
            Optional<Instant> expiry = schedules.expiryOf(message);
            if (next.isAfter(now) && expiry.filter(e -> !e.isAfter(now)).isEmpty()) {
                // its calendar (or expiry) changed meanwhile
                store.put(key(earliest(next, expiry), message.messageId()), entry.value);
                continue;
            }
            context.forward(new Record<>(RecipientKey.of(message.connectorId(), message.phone()), entry.value,
                    context.currentSystemTimeMs()), READY);
            releasedNow++;
        }
        if (releasedNow > 0) {
            released.increment(releasedNow);
            log.info("released {} messages held by their sending calendar", releasedNow);
        }
    }

    private static Instant earliest(Instant next, Optional<Instant> expiry) {
        return expiry.filter(e -> e.isBefore(next)).orElse(next);
    }

    private static Instant nextAllowed(SendingSchedule schedule, Instant now) {
        return schedule.nextAllowedInstant(now).orElse(now.plus(NEVER_OPEN_RECHECK));
    }

    static String key(Instant releaseAt, String messageId) {
        return String.format("%019d|%s", Math.max(0, releaseAt.toEpochMilli()), messageId);
    }

    private Message read(byte[] value) {
        try {
            return messages.deserialize(null, value);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
