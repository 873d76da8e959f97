package org.ftp2sms.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A connector's export files as the status-aggregator leaves them in {@code <dataDir>/homes/<connectorId>/exports/},
 * for download. Only names the aggregator writes ({@code status_YYYY-MM-DD.csv}, {@code received_YYYY-MM-DD.csv})
 * are listed or opened, so no request names another path.
 */
final class ExportDownloads {
    static final Pattern NAME = Pattern.compile("(status|received)_\\d{4}-\\d{2}-\\d{2}\\.csv");

    private final AdminSettings.Storage storage;

    ExportDownloads(AdminSettings.Storage storage) {
        this.storage = storage;
    }

    /** One export file. */
    record ExportFile(String name, long bytes, Instant modifiedAt) {
    }

    /** The connector's export files, newest day first (status before received on a day). */
    List<ExportFile> list(String connectorId) {
        Path dir = storage.exportsDir(connectorId);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<ExportFile> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (NAME.matcher(name).matches() && Files.isRegularFile(p)) {
                    files.add(new ExportFile(name, Files.size(p), Files.getLastModifiedTime(p).toInstant()));
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.sort(Comparator.comparing((ExportFile f) -> f.name().substring(f.name().indexOf('_'))).reversed()
                .thenComparing(ExportFile::name, Comparator.reverseOrder()));
        return files;
    }

    /** The file, if {@code name} is an export file name and the file exists. */
    Optional<Path> file(String connectorId, String name) {
        if (!NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Path file = storage.exportsDir(connectorId).resolve(name);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }
}
