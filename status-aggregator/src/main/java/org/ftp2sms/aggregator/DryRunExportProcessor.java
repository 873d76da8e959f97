package org.ftp2sms.aggregator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.ftp2sms.contract.IngestionReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Collects the result of every row of a dry-run file (a refusal from whichever stage refused it, or the message the
 * dispatcher diverted) and, once the file's DRY_RUN report says every row has one, writes
 * {@code exports/preview_<file name>.csv} in row order and forgets the file. Results and the report may come in any
 * order; a result seen twice (a replay) counts once. Rows are kept in a persistent store, one entry per row, so a
 * large preview costs disk, not heap. A preview that could not be written (a full disk) stays complete in the store
 * and is tried again at every export check.
 */
final class DryRunExportProcessor implements Processor<String, DryRunInput, Void, Void> {
    private static final Logger log = LoggerFactory.getLogger(DryRunExportProcessor.class);
    private static final int DELETE_BATCH = 10_000;

    private final StatusAggregatorSettings settings;
    private final ExportFiles files;
    private final Counter written;
    private KeyValueStore<String, DryRunRow> rows;
    private KeyValueStore<String, DryRunFile> dryRuns;

    DryRunExportProcessor(StatusAggregatorSettings settings, MeterRegistry registry) {
        this.settings = settings;
        this.files = new ExportFiles(settings);
        this.written = Counter.builder("ftp2sms.aggregator.previews.written").description("dry-run preview exports written")
                .register(registry);
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        rows = context.getStateStore(AggregatorTopology.DRY_RUN_ROWS_STORE);
        dryRuns = context.getStateStore(AggregatorTopology.DRY_RUN_FILES_STORE);
        context.schedule(settings.checkInterval(), PunctuationType.WALL_CLOCK_TIME, ignored -> writeCompleteAgain());
    }

    @Override
    public void process(Record<String, DryRunInput> record) {
        DryRunInput input = record.value();
        String fileId = input.fileIngestionId();
        DryRunFile file = dryRuns.get(fileId);
        file = file == null ? DryRunFile.NONE : file;
        if (input.report() != null) {
            file = file.withReport(input.report());
        } else {
            DryRunRow row = input.status() != null ? DryRunRow.of(input.status()) : DryRunRow.of(input.message());
            String key = rowKey(fileId, row.rowNumber());
            if (rows.get(key) == null) {
                file = file.withOneMore();
            }
            rows.put(key, row);
        }
        dryRuns.put(fileId, file);
        if (file.isComplete()) {
            writeAndForget(file.report());
        }
    }

    /** Previews complete but not written (their write failed). */
    private void writeCompleteAgain() {
        List<IngestionReport> complete = new ArrayList<>();
        try (KeyValueIterator<String, DryRunFile> it = dryRuns.all()) {
            it.forEachRemaining(e -> {
                if (e.value.isComplete()) {
                    complete.add(e.value.report());
                }
            });
        }
        complete.forEach(this::writeAndForget);
    }

    private void writeAndForget(IngestionReport report) {
        try {
            write(report);
        } catch (RuntimeException e) {
            log.error("preview not written, tried again at the next check: connectorId={} fileIngestionId={} error={}",
                    report.connectorId(), report.fileIngestionId(), e.toString());
            return;
        }
        forget(report.fileIngestionId());
    }

    private void write(IngestionReport report) {
        String name = previewFileName(report.fileName());
        String fileId = report.fileIngestionId();
        files.write(report.connectorId(), name, out -> {
            ExportCsv csv = ExportCsv.preview(out);
            try (KeyValueIterator<String, DryRunRow> it = rows.range(fileId + "|", fileId + "|~")) {
                while (it.hasNext()) {
                    csv.write(it.next().value);
                }
            }
            csv.flush();
        });
        written.increment();
        log.info("preview written: connectorId={} fileIngestionId={} file={} rows={}", report.connectorId(), fileId, name,
                report.rows());
    }

    private void forget(String fileId) {
        dryRuns.delete(fileId);
        while (true) {
            List<String> batch = new ArrayList<>(DELETE_BATCH);
            try (KeyValueIterator<String, DryRunRow> it = rows.range(fileId + "|", fileId + "|~")) {
                while (it.hasNext() && batch.size() < DELETE_BATCH) {
                    batch.add(it.next().key);
                }
            }
            if (batch.isEmpty()) {
                return;
            }
            batch.forEach(rows::delete);
        }
    }

    /** {@code preview_<name>.csv}; a name already ending in {@code .csv} does not get a second one. */
    static String previewFileName(String uploaded) {
        String name = uploaded == null || uploaded.isBlank() ? "file" : uploaded;
        if (name.toLowerCase(Locale.ROOT).endsWith(".csv")) {
            name = name.substring(0, name.length() - 4);
        }
        return "preview_" + name + ".csv";
    }

    /** Sorted by row number within the file: 19 digits. */
    static String rowKey(String fileId, long rowNumber) {
        return fileId + "|" + String.format("%019d", rowNumber);
    }
}
