package org.ftp2sms.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class PrivateFileCopyMainTest {

    @Test
    void aGroupReadableKeyIsCopiedReadableByItsOwnerOnly(@TempDir Path dir) throws Exception {
        Path mounted = dir.resolve("secret/ssh_host_ecdsa_key");
        Files.createDirectories(mounted.getParent());
        Files.writeString(mounted, "-----BEGIN EC PRIVATE KEY-----\n...\n");
        Files.setPosixFilePermissions(mounted, PosixFilePermissions.fromString("r--r-----"));
        Path target = dir.resolve("data/ssh/host-key-ecdsa");

        PrivateFileCopyMain.copy(mounted, target);
        PrivateFileCopyMain.copy(mounted, target); // a restarted pod copies over its own copy

        assertThat(target).hasContent("-----BEGIN EC PRIVATE KEY-----\n...");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.getParent()))).isEqualTo("rwx------");
        try (var files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target);
        }
    }
}
