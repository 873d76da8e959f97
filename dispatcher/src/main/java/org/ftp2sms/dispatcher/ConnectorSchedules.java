package org.ftp2sms.dispatcher;

import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.SendingCalendar;
import org.ftp2sms.rules.calendar.CalendarException;
import org.ftp2sms.rules.calendar.SendingSchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Each connector's {@link SendingSchedule}, from the live connectors view, parsed once per calendar version, and
 * when its messages expire.
 */
final class ConnectorSchedules {
    private static final Logger log = LoggerFactory.getLogger(ConnectorSchedules.class);
    private final Function<String, Optional<Connector>> connectors;
    private final Map<SendingCalendar, SendingSchedule> parsed = new ConcurrentHashMap<>();

    /** @param connectors a connector by id (the live view's {@code find}) */
    ConnectorSchedules(Function<String, Optional<Connector>> connectors) {
        this.connectors = connectors;
    }

    /**
     * When {@code message} stops being worth sending: its file's arrival plus the connector's {@code expireAfter};
     * empty when the connector sets none (or is not known, or the message predates {@code receivedAt}).
     */
    Optional<Instant> expiryOf(Message message) {
        if (message.receivedAt() == null) {
            return Optional.empty();
        }
        Duration expireAfter = connectors.apply(message.connectorId())
                .map(Connector::options).map(o -> o.expireAfter()).orElse(null);
        return expireAfter == null || expireAfter.isNegative() || expireAfter.isZero()
                ? Optional.empty() : Optional.of(message.receivedAt().plus(expireAfter));
    }

    /** Empty when the connector is not known (not yet visible here, or deleted). */
    Optional<SendingSchedule> of(String connectorId) {
        Optional<Connector> connector = connectors.apply(connectorId);
        if (connector.isEmpty()) {
            return Optional.empty();
        }
        SendingCalendar calendar = connector.get().options() == null ? null : connector.get().options().calendar();
        if (calendar == null) {
            return Optional.of(SendingSchedule.of(null));
        }
        if (parsed.size() > 10_000) {
            parsed.clear();
        }
        return Optional.of(parsed.computeIfAbsent(calendar, c -> {
            try {
                return SendingSchedule.of(c);
            } catch (CalendarException e) {
                // Refused at connector creation; one slipping through must not hold messages for ever.
                log.warn("connectorId={} has an unusable sending calendar ({}); its messages go out at any time",
                        connectorId, e.getMessage());
                return SendingSchedule.of(null);
            }
        }));
    }
}
