package org.ftp2sms.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class UploadStoreTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    @TempDir
    Path store;

    @Test
    void aRestartDiscardsItsOwnUnfinishedUploadsAndOtherInstancesStaleOnes() throws Exception {
        Path mine = Files.createDirectories(store.resolve("incoming/gw-1")).resolve("a.part");
        Path othersLive = Files.createDirectories(store.resolve("incoming/gw-2")).resolve("b.part");
        Path othersStale = store.resolve("incoming/gw-2/c.part");
        for (Path file : new Path[]{mine, othersLive, othersStale}) {
            Files.writeString(file, "phone\n");
        }
        Files.setLastModifiedTime(mine, FileTime.from(NOW));
        Files.setLastModifiedTime(othersLive, FileTime.from(NOW.minus(Duration.ofMinutes(1))));
        Files.setLastModifiedTime(othersStale, FileTime.from(NOW.minus(Duration.ofMinutes(30))));

        new UploadStore(store, "gw-1", Duration.ofMinutes(20), clock);

        assertThat(mine).doesNotExist();
        assertThat(othersLive).exists();
        assertThat(othersStale).doesNotExist();
    }

    @Test
    void takingMovesTheFileIntoTheStoreAndMeasuresIt() throws Exception {
        UploadStore uploads = new UploadStore(store, "gw-1", Duration.ofMinutes(20), clock);
        Path incoming = uploads.newIncoming();
        Files.writeString(incoming, "abc");

        StoredUpload stored = uploads.take(incoming, "ingestion-1");

        assertThat(incoming).doesNotExist();
        assertThat(stored.path()).isEqualTo(store.resolve("ingestion-1")).hasContent("abc");
        assertThat(stored.sizeBytes()).isEqualTo(3);
        assertThat(stored.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
