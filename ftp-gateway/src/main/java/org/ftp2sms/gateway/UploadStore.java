package org.ftp2sms.gateway;

import org.ftp2sms.contract.FileArrived;
import org.ftp2sms.contract.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@code <dataDir>/store/}: completed uploads, out of the customer's view, named by their fileIngestionId (the
 * customer's file name travels in the event, never in a path). Uploads in progress are written under
 * {@code store/incoming/}, one file per transfer whatever its name, so two clients uploading the same name never
 * mix their bytes and a half-written file never shows in a listing; taking a file is one atomic rename. Each gateway
 * instance has its own incoming directory, so instances sharing a data dir never discard each other's transfers.
 */
final class UploadStore {
    private final Path storeDir;
    private final Path incomingDir;
    private final Path unpublishedDir;

    /**
     * @param staleAfter how long an upload can go without a write before it is certainly dead (the idle timeout
     *                   closes its session sooner): other instances' leftovers older than that are discarded too
     */
    UploadStore(Path storeDir, String instanceId, Duration staleAfter, Clock clock) throws IOException {
        this.storeDir = Files.createDirectories(storeDir);
        this.incomingDir = storeDir.resolve("incoming").resolve(instanceId.replaceAll("[^A-Za-z0-9._-]", "_"));
        this.unpublishedDir = storeDir.resolve("unpublished");
        discardLeftovers(clock.instant().minus(staleAfter));
    }

    /** A fresh file for one upload in progress. */
    Path newIncoming() {
        return incomingDir.resolve(UUID.randomUUID() + ".part");
    }

    /**
     * Uploads in progress when this instance last stopped were never completed: they are not processed. Nor are
     * those of instances gone for good (a replaced pod), once stale.
     */
    private void discardLeftovers(Instant staleBefore) throws IOException {
        Files.createDirectories(incomingDir);
        try (Stream<Path> leftovers = Files.walk(incomingDir.getParent())) {
            for (Path leftover : (Iterable<Path>) leftovers.filter(Files::isRegularFile)::iterator) {
                if (leftover.startsWith(incomingDir) || isOlder(leftover, staleBefore)) {
                    Files.deleteIfExists(leftover);
                }
            }
        }
    }

    private static boolean isOlder(Path file, Instant instant) {
        try {
            return Files.getLastModifiedTime(file).toInstant().isBefore(instant);
        } catch (IOException e) {
            return false; // gone already, or taken by its own instance meanwhile
        }
    }

    /** Moves {@code upload} into the store at once, then measures it with one streaming read. */
    StoredUpload take(Path upload, String fileIngestionId) throws IOException {
        Path stored = storeDir.resolve(fileIngestionId);
        Files.move(upload, stored, StandardCopyOption.ATOMIC_MOVE);
        MessageDigest sha256 = sha256();
        long size = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(stored)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha256.update(buffer, 0, n);
                size += n;
            }
        }
        return new StoredUpload(stored, size, HexFormat.of().formatHex(sha256.digest()));
    }

    /**
     * Keeps the event of a stored file that could not be published beside the store, for
     * {@link UnpublishedArrivals} to send later: an accepted file is never silently dropped.
     */
    Path keepUnpublished(FileArrived event) throws IOException {
        Files.createDirectories(unpublishedDir);
        Path file = unpublishedDir.resolve(event.fileIngestionId() + ".json");
        Files.write(file, Json.mapper().writeValueAsBytes(event));
        return file;
    }

    /**
     * Claims every kept event not claimed by another instance, by renaming it to this instance's name: two gateways
     * sharing the data dir then never send the same event twice (and a second send would be harmless anyway: the
     * splitter skips a file whose stored copy is gone).
     */
    List<Path> claimUnpublished(String instanceId) throws IOException {
        if (!Files.isDirectory(unpublishedDir)) {
            return List.of();
        }
        String suffix = ".json." + instanceId.replaceAll("[^A-Za-z0-9._-]", "_");
        List<Path> claimed = new ArrayList<>();
        try (Stream<Path> files = Files.list(unpublishedDir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(suffix)) {
                    claimed.add(file); // claimed by this instance before it stopped
                } else if (name.endsWith(".json")) {
                    Path mine = file.resolveSibling(name + suffix.substring(".json".length()));
                    try {
                        Files.move(file, mine, StandardCopyOption.ATOMIC_MOVE);
                        claimed.add(mine);
                    } catch (NoSuchFileException e) {
                        // another instance claimed it first
                    }
                }
            }
        }
        return claimed;
    }

    static FileArrived readUnpublished(Path claimed) throws IOException {
        return Json.mapper().readValue(claimed.toFile(), FileArrived.class);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
