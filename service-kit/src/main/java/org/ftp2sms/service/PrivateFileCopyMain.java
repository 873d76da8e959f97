package org.ftp2sms.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * {@code PrivateFileCopyMain FROM TO}: copies a file (a private key mounted from a Kubernetes Secret) to where a
 * service reads it, readable and writable by this user only. A mounted Secret is group-readable, which key
 * loaders such as sshd's refuse; the image has no shell, so the chart's init container runs this.
 */
public final class PrivateFileCopyMain {
    private PrivateFileCopyMain() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: install-private-file FROM TO");
            System.exit(2);
        }
        try {
            copy(Path.of(args[0]), Path.of(args[1]));
        } catch (IOException e) {
            System.err.println("ftp2sms: cannot copy " + args[0] + " to " + args[1] + ": " + e.getMessage());
            System.exit(1);
        }
    }

    static void copy(Path from, Path to) throws IOException {
        Path dir = to.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path tmp = Files.createTempFile(dir, ".install-", ".tmp", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        // Readers never see a half-written key.
        Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
