package org.ftp2sms.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real key pairs made by OpenSSH's ssh-keygen, as a customer makes them. */
final class SshKeys {
    private SshKeys() {
    }

    /** Generates a key pair in {@code dir}; returns the private key file ({@code .pub} beside it). */
    static Path generate(Path dir, String name, String type, int bits) {
        Path key = dir.resolve(name);
        List<String> command = bits > 0
                ? List.of("ssh-keygen", "-q", "-t", type, "-b", String.valueOf(bits), "-N", "", "-C", name, "-f", key.toString())
                : List.of("ssh-keygen", "-q", "-t", type, "-N", "", "-C", name, "-f", key.toString());
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("ssh-keygen failed: " + new String(process.getInputStream().readAllBytes()));
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The OpenSSH public key line of a key made by {@link #generate}. */
    static String publicLine(Path privateKey) {
        try {
            return Files.readString(Path.of(privateKey + ".pub")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
