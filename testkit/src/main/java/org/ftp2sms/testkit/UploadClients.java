package org.ftp2sms.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The upload clients customers already use, run as real processes with their defaults, each the way its users
 * call it: lftp (sftp:// and FTPS), curl FTPS, rclone's SFTP backend, paramiko (Python scripts, and WinSCP's
 * {@code .filepart} sequence), PuTTY's psftp (FileZilla's SFTP engine). OpenSSH sftp is {@link OpenSshSftp}.
 * All are Debian packages: {@code lftp curl rclone python3-paramiko putty-tools openssh-client}.
 */
public final class UploadClients {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** Debian's interpreter, which has python3-paramiko, whatever python3 is first on the PATH. */
    private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    /** A login on the gateway at 127.0.0.1. */
    public record Account(int port, String username, String password) {
    }

    /** What the client printed and how it ended. */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private UploadClients() {
    }

    /** lftp over SFTP (its own SFTP code, OpenSSH for the transport), commands run in {@code workDir}. */
    public static Result lftpSftp(Account account, Path workDir, String... commands) {
        String script = String.join("; ", List.of(
                "set sftp:connect-program 'ssh -a -x -oStrictHostKeyChecking=no -oUserKnownHostsFile=/dev/null -oLogLevel=ERROR'",
                "set net:max-retries 1", "set net:timeout 20", "set cmd:fail-exit true"))
                + "; open -u " + account.username() + "," + account.password() + " -p " + account.port()
                + " sftp://127.0.0.1; " + String.join("; ", commands);
        return run(workDir, Map.of(), List.of("lftp", "-c", script));
    }

    /** lftp over explicit FTPS, TLS forced on control and data, the certificate not verified. */
    public static Result lftpFtps(Account account, Path workDir, String... commands) {
        String script = String.join("; ", List.of(
                "set ftp:ssl-force true", "set ftp:ssl-protect-data true", "set ssl:verify-certificate false",
                "set ftp:passive-mode true", "set net:max-retries 1", "set net:timeout 20", "set cmd:fail-exit true"))
                + "; open -u " + account.username() + "," + account.password() + " -p " + account.port()
                + " ftp://127.0.0.1; " + String.join("; ", commands);
        return run(workDir, Map.of(), List.of("lftp", "-c", script));
    }

    /** {@code curl --ssl-reqd -T FILE ftp://host/NAME}, as scripts upload over FTPS. */
    public static Result curlFtpsUpload(Account account, Path workDir, Path file, String remoteName) {
        return run(workDir, Map.of(), List.of("curl", "--silent", "--show-error", "--ssl-reqd", "--insecure",
                "--connect-timeout", "20", "--max-time", "60", "--user", account.username() + ":" + account.password(),
                "-T", file.toString(), "ftp://127.0.0.1:" + account.port() + "/" + remoteName));
    }

    /**
     * rclone with the SFTP backend configured by environment, remote {@code gw:}, e.g.
     * {@code rclone(account, dir, "copy", "orders.csv", "gw:")}. All rclone defaults (3 retries, modtime set).
     */
    public static Result rclone(Account account, Path workDir, String... args) {
        Result obscured = run(workDir, Map.of(), List.of("rclone", "obscure", account.password()));
        if (!obscured.ok()) {
            throw new IllegalStateException("rclone obscure failed: " + obscured.output());
        }
        Map<String, String> env = Map.of(
                "RCLONE_CONFIG", workDir.resolve("rclone.conf").toString(),
                "RCLONE_CONFIG_GW_TYPE", "sftp",
                "RCLONE_CONFIG_GW_HOST", "127.0.0.1",
                "RCLONE_CONFIG_GW_PORT", String.valueOf(account.port()),
                "RCLONE_CONFIG_GW_USER", account.username(),
                "RCLONE_CONFIG_GW_PASS", obscured.output().strip(),
                "RCLONE_CONFIG_GW_KNOWN_HOSTS_FILE", "");
        List<String> command = new ArrayList<>(List.of("rclone"));
        command.addAll(List.of(args));
        return run(workDir, env, command);
    }

    /** One of the paramiko modes of {@code paramiko_client.py}: put, putfo, winscp, truncate. */
    public static Result paramiko(Account account, Path workDir, String mode, Path localFile, String remoteName, String... more) {
        Path script = workDir.resolve("paramiko_client.py");
        try (InputStream in = UploadClients.class.getResourceAsStream("paramiko_client.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString(), mode, "127.0.0.1",
                String.valueOf(account.port()), account.username(), String.valueOf(localFile), remoteName));
        command.addAll(List.of(more));
        return run(workDir, Map.of("SFTP_PASSWORD", account.password()), command);
    }

    /** PuTTY's psftp in batch mode, the server's host key pinned by its fingerprint as a script would. */
    public static Result psftp(Account account, Path workDir, String... commands) {
        try {
            Path keys = workDir.resolve("host-keys.txt");
            Result scan = run(workDir, Map.of(), List.of("ssh-keyscan", "-T", "20", "-p", String.valueOf(account.port()), "127.0.0.1"));
            Files.writeString(keys, scan.output());
            Result fingerprints = run(workDir, Map.of(), List.of("ssh-keygen", "-lf", keys.toString()));
            String fingerprint = fingerprints.output().lines().map(l -> l.split(" ")).filter(f -> f.length > 1)
                    .map(f -> f[1]).filter(f -> f.startsWith("SHA256:")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no host key fingerprint: " + scan.output() + fingerprints.output()));
            Path passwordFile = workDir.resolve("psftp-password");
            Files.writeString(passwordFile, account.password());
            Path batch = workDir.resolve("psftp-batch.txt");
            Files.write(batch, List.of(commands), StandardCharsets.UTF_8);
            return run(workDir, Map.of(), List.of("psftp", "-P", String.valueOf(account.port()), "-pwfile",
                    passwordFile.toString(), "-hostkey", fingerprint, "-batch", "-b", batch.toString(),
                    account.username() + "@127.0.0.1"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a client to its end (killed after two minutes), stdin closed, output and errors together. */
    public static Result run(Path workDir, Map<String, String> env, List<String> command) {
        try {
            Path output = Files.createTempFile(workDir, "client-out", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().putAll(new HashMap<>(env));
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(command.get(0) + " did not finish within " + TIMEOUT + ": "
                        + Files.readString(output));
            }
            String printed = Files.readString(output);
            Files.deleteIfExists(output);
            return new Result(process.exitValue(), printed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
