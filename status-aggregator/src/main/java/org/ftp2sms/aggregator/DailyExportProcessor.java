package org.ftp2sms.aggregator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.ftp2sms.contract.ExportRequested;
import org.ftp2sms.contract.Reply;
import org.ftp2sms.contract.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps one connector's final statuses and replies per UTC day (a status belongs to the day of its {@code at}, a
 * reply to the day of its {@code receivedAt}) and writes the day's two files from a wall-clock punctuation that asks
 * the injected {@link Clock}:
 * <ul>
 *   <li>day D is due from D+1 at the window start (02:00 UTC); a due day is written at the first punctuation
 *       after that, so a day missed while the service was down is written as soon as it is back (a catch-up when
 *       the window's end has passed);</li>
 *   <li>each file is streamed from a prefix scan of its store into a temporary file, then moved atomically into
 *       place ({@link ExportFiles}), never holding a whole day in memory;</li>
 *   <li>the {@link ExportDay} entry, changelogged in the same exactly-once transaction as the rows, is the
 *       done-marker: a crash after writing and before the commit writes the same day again, identically;</li>
 *   <li>a row arriving for a day already written makes it pending again, and the day is rewritten whole;</li>
 *   <li>days older than the retention lose their files and their rows.</li>
 * </ul>
 * An {@link ExportRequested} writes its day at once, whatever the hour.
 */
final class DailyExportProcessor implements Processor<String, AggregatorInput, Void, Void> {
    private static final Logger log = LoggerFactory.getLogger(DailyExportProcessor.class);
    private static final int DELETE_BATCH = 10_000;

    private final StatusAggregatorSettings settings;
    private final Clock clock;
    private final ExportFiles files;
    private final Counter regular;
    private final Counter catchUp;
    private final Counter requested;
    private final Counter deletedFiles;
    private KeyValueStore<String, Status> statuses;
    private KeyValueStore<String, Reply> replies;
    private KeyValueStore<String, ExportDay> days;
    /**
     * Day keys this processor has seen pending in {@link #days} since it started: a status of such a day, nearly
     * every status, changes nothing there and is spared reading it. Only this processor writes the store.
     */
    private final Set<String> knownPending = new HashSet<>();

    DailyExportProcessor(StatusAggregatorSettings settings, Clock clock, MeterRegistry registry) {
        this.settings = settings;
        this.clock = clock;
        this.files = new ExportFiles(settings);
        this.regular = written(registry, "regular");
        this.catchUp = written(registry, "catch-up");
        this.requested = written(registry, "requested");
        this.deletedFiles = Counter.builder("ftp2sms.aggregator.exports.deleted")
                .description("export files deleted after the retention")
                .register(registry);
    }

    private static Counter written(MeterRegistry registry, String kind) {
        return Counter.builder("ftp2sms.aggregator.exports.written")
                .description("connector days written (two files each)")
                .tag("kind", kind)
                .register(registry);
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        statuses = context.getStateStore(AggregatorTopology.STATUSES_STORE);
        replies = context.getStateStore(AggregatorTopology.REPLIES_STORE);
        days = context.getStateStore(AggregatorTopology.DAYS_STORE);
        knownPending.clear();
        context.schedule(settings.checkInterval(), PunctuationType.WALL_CLOCK_TIME, ignored -> exportDueDays());
    }

    @Override
    public void process(Record<String, AggregatorInput> record) {
        AggregatorInput input = record.value();
        if (input.status() != null) {
            Status s = input.status();
            LocalDate day = ExportKeys.utcDay(s.at());
            if (isRetained(day)) {
                statuses.put(ExportKeys.status(s.connectorId(), day, s.messageId()), s);
                markChanged(s.connectorId(), day);
            }
        } else if (input.reply() != null) {
            Reply r = input.reply();
            LocalDate day = ExportKeys.utcDay(r.receivedAt());
            if (isRetained(day)) {
                replies.put(ExportKeys.reply(r.connectorId(), day, r.receivedAt(), r.messageId()), r);
                markChanged(r.connectorId(), day);
            }
        } else if (input.request() != null) {
            ExportRequested request = input.request();
            if (!isRetained(request.date())) {
                log.warn("connectorId={} export of {} requested, older than the {} days kept: ignored",
                        request.connectorId(), request.date(), settings.retentionDays());
                return;
            }
            String key = ExportKeys.day(request.connectorId(), request.date());
            ExportDay day = days.get(key);
            write(day == null ? new ExportDay(request.connectorId(), request.date(), true, null) : day);
            requested.increment();
            log.info("connectorId={} exports of {} written on request", request.connectorId(), request.date());
        }
    }

    private void markChanged(String connectorId, LocalDate date) {
        String key = ExportKeys.day(connectorId, date);
        if (!knownPending.add(key)) {
            return;
        }
        ExportDay day = days.get(key);
        if (day == null) {
            days.put(key, new ExportDay(connectorId, date, true, null));
        } else if (!day.pending()) {
            days.put(key, day.changed());
            if (day.exportedAt() != null) {
                log.info("connectorId={} a row for {} arrived after its export: the day will be written again", connectorId, date);
            }
        }
    }

    /** The punctuation: writes every due day, then applies the retention. */
    void exportDueDays() {
        Instant now = clock.instant();
        LocalDate today = ExportKeys.utcDay(now);
        LocalDate oldestKept = oldestKept(today);
        List<ExportDay> all = new ArrayList<>();
        try (KeyValueIterator<String, ExportDay> it = days.all()) {
            it.forEachRemaining(kv -> all.add(kv.value));
        }
        Set<String> connectors = new LinkedHashSet<>();
        for (ExportDay day : all) {
            connectors.add(day.connectorId());
            if (day.date().isBefore(oldestKept)) {
                forget(day);
            } else if (day.pending() && !now.isBefore(windowStartAfter(day.date()))) {
                try {
                    write(day);
                } catch (RuntimeException e) {
                    // a full disk or a bad directory for one connector must not stop the others: tried again next time
                    log.error("connectorId={} exports of {} not written, retried at the next check: {}",
                            day.connectorId(), day.date(), e.toString());
                    continue;
                }
                boolean late = now.isAfter(day.date().plusDays(1).atTime(settings.windowEnd()).toInstant(ZoneOffset.UTC));
                (late ? catchUp : regular).increment();
                log.info("connectorId={} exports of {} written{}", day.connectorId(), day.date(), late ? " (catch-up)" : "");
            }
        }
        for (String connectorId : connectors) {
            deletedFiles.increment(files.deleteBefore(connectorId, oldestKept));
        }
    }

    private Instant windowStartAfter(LocalDate date) {
        return date.plusDays(1).atTime(settings.windowStart()).toInstant(ZoneOffset.UTC);
    }

    private boolean isRetained(LocalDate date) {
        return !date.isBefore(oldestKept(ExportKeys.utcDay(clock.instant())));
    }

    private LocalDate oldestKept(LocalDate today) {
        return today.minusDays(settings.retentionDays());
    }

    private void write(ExportDay day) {
        String connectorId = day.connectorId();
        if (!ExportKeys.isPlainConnectorId(connectorId)) {
            log.warn("connectorId={} is not a plain name: its exports of {} are not written", connectorId, day.date());
            markExported(day);
            return;
        }
        String prefix = ExportKeys.dayPrefix(connectorId, day.date());
        files.write(connectorId, ExportFiles.statusFileName(day.date()), out -> {
            ExportCsv csv = ExportCsv.statuses(out);
            try (KeyValueIterator<String, Status> rows = statuses.prefixScan(prefix, new StringSerializer())) {
                while (rows.hasNext()) {
                    csv.write(rows.next().value);
                }
            }
            csv.flush();
        });
        files.write(connectorId, ExportFiles.receivedFileName(day.date()), out -> {
            ExportCsv csv = ExportCsv.received(out);
            try (KeyValueIterator<String, Reply> rows = replies.prefixScan(prefix, new StringSerializer())) {
                while (rows.hasNext()) {
                    csv.write(rows.next().value);
                }
            }
            csv.flush();
        });
        markExported(day);
    }

    private void markExported(ExportDay day) {
        String key = ExportKeys.day(day.connectorId(), day.date());
        days.put(key, day.exported(clock.instant()));
        knownPending.remove(key);
    }

    /** Drops a day past the retention: its rows (in slices, never the whole day in memory) and its entry. */
    private void forget(ExportDay day) {
        String prefix = ExportKeys.dayPrefix(day.connectorId(), day.date());
        deletePrefix(statuses, prefix);
        deletePrefix(replies, prefix);
        days.delete(ExportKeys.day(day.connectorId(), day.date()));
        knownPending.remove(ExportKeys.day(day.connectorId(), day.date()));
        log.info("connectorId={} rows of {} dropped after {} days", day.connectorId(), day.date(), settings.retentionDays());
    }

    private static <V> void deletePrefix(KeyValueStore<String, V> store, String prefix) {
        while (true) {
            List<String> keys = new ArrayList<>();
            try (KeyValueIterator<String, V> it = store.prefixScan(prefix, new StringSerializer())) {
                while (keys.size() < DELETE_BATCH && it.hasNext()) {
                    KeyValue<String, V> kv = it.next();
                    keys.add(kv.key);
                }
            }
            if (keys.isEmpty()) {
                return;
            }
            keys.forEach(store::delete);
        }
    }
}
