package org.ftp2sms.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real OpenSSH {@code sftp} client, as a customer's script runs it: a batch of commands, password login
 * through {@code sshpass}, or key login with an identity file. Host keys are not checked (each test server
 * has a fresh one).
 */
public final class OpenSshSftp {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final Path identityFile;

    private OpenSshSftp(String host, int port, String username, String password, Path identityFile) {
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
        this.identityFile = identityFile;
    }

    public static OpenSshSftp withPassword(String host, int port, String username, String password) {
        return new OpenSshSftp(host, port, username, password, null);
    }

    public static OpenSshSftp withKey(String host, int port, String username, Path identityFile) {
        return new OpenSshSftp(host, port, username, null, identityFile);
    }

    /** What the client printed and how it ended. */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs {@code commands} (one sftp command each, e.g. {@code put /tmp/a.csv}) in one session. */
    public Result run(String... commands) {
        try {
            Path batch = Files.createTempFile("sftp-batch", ".txt");
            Path output = Files.createTempFile("sftp-out", ".txt");
            try {
                Files.write(batch, List.of(commands), StandardCharsets.UTF_8);
                List<String> command = new ArrayList<>();
                if (password != null) {
                    command.addAll(List.of("sshpass", "-p", password));
                }
                command.addAll(List.of("sftp", "-P", String.valueOf(port),
                        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                        "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=20"));
                if (password != null) {
                    command.addAll(List.of("-o", "BatchMode=no", "-o", "PreferredAuthentications=password,keyboard-interactive",
                            "-o", "PubkeyAuthentication=no", "-o", "NumberOfPasswordPrompts=1"));
                } else {
                    command.addAll(List.of("-o", "BatchMode=yes", "-o", "PreferredAuthentications=publickey",
                            "-o", "IdentitiesOnly=yes", "-i", identityFile.toString()));
                }
                command.addAll(List.of("-b", batch.toString(), username + "@" + host));
                Process process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .start();
                if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("sftp did not finish within " + TIMEOUT + ": "
                            + Files.readString(output));
                }
                return new Result(process.exitValue(), Files.readString(output));
            } finally {
                Files.deleteIfExists(batch);
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The names {@code ls -1} shows in {@code dir}. */
    public List<String> list(String dir) {
        Result result = run("ls -1 " + dir);
        if (!result.ok()) {
            throw new IllegalStateException("sftp ls failed: " + result.output());
        }
        return result.output().lines()
                .filter(l -> !l.startsWith("sftp>"))
                .map(String::trim)
                .filter(l -> !l.isEmpty())
                .map(l -> l.substring(l.lastIndexOf('/') + 1))
                .toList();
    }
}
