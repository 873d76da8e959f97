package org.ftp2sms.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes files left under a temporary name (an upload whose client never renamed it: crashed, cancelled) once
 * they have not been written for {@code maxAge}. They are never processed. The age is the file's last write,
 * which clients cannot set here (setting times is a quiet no-op), so an old time set by WinSCP never makes a
 * fresh upload look abandoned.
 */
final class TemporaryFileSweeper implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(TemporaryFileSweeper.class);

    private final Path homesDir;
    private final TemporaryNames names;
    private final Duration maxAge;
    private final Clock clock;

    TemporaryFileSweeper(Path homesDir, TemporaryNames names, Duration maxAge, Clock clock) {
        this.homesDir = homesDir;
        this.names = names;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            sweep();
        } catch (IOException | RuntimeException e) {
            // Runs on a schedule: one failed pass must not cancel the next ones.
            log.warn("temporary files not swept: {}", e.toString());
        }
    }

    /** @return how many files were deleted */
    int sweep() throws IOException {
        if (!Files.isDirectory(homesDir)) {
            return 0;
        }
        Instant staleBefore = clock.instant().minus(maxAge);
        int deleted = 0;
        try (DirectoryStream<Path> homes = Files.newDirectoryStream(homesDir, Files::isDirectory)) {
            for (Path home : homes) {
                deleted += sweep(home, home, staleBefore);
                Path preview = home.resolve(ConnectorHomes.PREVIEW);
                if (Files.isDirectory(preview, LinkOption.NOFOLLOW_LINKS)) {
                    deleted += sweep(home, preview, staleBefore);
                }
            }
        }
        return deleted;
    }

    private int sweep(Path home, Path dir, Instant staleBefore) throws IOException {
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                if (isStaleTemporary(file, staleBefore) && Files.deleteIfExists(file)) {
                    deleted++;
                    log.info("temporary upload deleted, never renamed: connectorId={} file={} maxAge={}",
                            home.getFileName(), home.relativize(file), maxAge);
                }
            }
        }
        return deleted;
    }

    private boolean isStaleTemporary(Path file, Instant staleBefore) {
        if (!names.isTemporary(file.getFileName().toString()) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(staleBefore);
        } catch (IOException e) {
            return false; // renamed or deleted meanwhile
        }
    }
}
