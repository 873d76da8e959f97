package org.ftp2sms.aggregator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The export files of {@code <dataDir>/homes/<connectorId>/exports/}. A file is written to a temporary file out of
 * the customer's view, then moved into place with {@code ATOMIC_MOVE}: a download sees the previous complete file or
 * the new complete file, never a half-written one. Writing the same day again replaces it whole.
 */
final class ExportFiles {
    private static final Logger log = LoggerFactory.getLogger(ExportFiles.class);
    private static final Pattern EXPORT_NAME = Pattern.compile("(?:status|received)_(\\d{4}-\\d{2}-\\d{2})\\.csv");

    private final StatusAggregatorSettings settings;

    ExportFiles(StatusAggregatorSettings settings) {
        this.settings = settings;
    }

    static String statusFileName(LocalDate date) {
        return "status_" + date + ".csv";
    }

    static String receivedFileName(LocalDate date) {
        return "received_" + date + ".csv";
    }

    /** What writes the rows of one file. */
    @FunctionalInterface
    interface Content {
        void writeTo(Writer out) throws IOException;
    }

    /** Writes {@code fileName} into the connector's exports dir atomically; returns its final path. */
    Path write(String connectorId, String fileName, Content content) {
        Path dir = settings.exportsDir(connectorId);
        Path tempDir = settings.exportsTempDir();
        try {
            Files.createDirectories(dir);
            Files.createDirectories(tempDir);
            Path temp = Files.createTempFile(tempDir, connectorId + "-" + fileName + "-", ".tmp");
            try {
                try (Writer out = new BufferedWriter(Files.newBufferedWriter(temp, StandardCharsets.UTF_8), 64 * 1024)) {
                    content.writeTo(out);
                }
                Path target = dir.resolve(fileName);
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    // exports-tmp on another file system (a mount inside the data dir): a hidden temp file beside the
                    // target keeps the move atomic at the cost of a dot file in the listing while it is written.
                    Path beside = Files.createTempFile(dir, "." + fileName + "-", ".tmp");
                    Files.move(temp, beside, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(beside, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
                return target;
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + fileName + " for connector " + connectorId, e);
        }
    }

    /**
     * Deletes the export files of {@code connectorId} whose day (from the name) is before {@code oldestKept}, and the
     * previews of dry runs written before it (they carry no day in their name).
     */
    int deleteBefore(String connectorId, LocalDate oldestKept) {
        Path dir = settings.exportsDir(connectorId);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                Matcher name = EXPORT_NAME.matcher(file.getFileName().toString());
                if (name.matches() ? isBefore(name.group(1), oldestKept) : isOldPreview(file, oldestKept)) {
                    Files.deleteIfExists(file);
                    deleted++;
                    log.info("connectorId={} deleted export {} (kept {} days)", connectorId, file.getFileName(), settings.retentionDays());
                }
            }
        } catch (IOException e) {
            log.warn("connectorId={} could not sweep old exports in {}: {}", connectorId, dir, e.toString());
        }
        return deleted;
    }

    private static boolean isOldPreview(Path file, LocalDate oldestKept) throws IOException {
        return file.getFileName().toString().startsWith("preview_") && Files.isRegularFile(file)
                && Files.getLastModifiedTime(file).toInstant().isBefore(oldestKept.atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
    }

    private static boolean isBefore(String date, LocalDate oldestKept) {
        try {
            return LocalDate.parse(date).isBefore(oldestKept);
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
