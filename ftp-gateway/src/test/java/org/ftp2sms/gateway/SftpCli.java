package org.ftp2sms.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real OpenSSH {@code sftp} client, fed a password by {@code sshpass} and a batch of commands. */
final class SftpCli {
    private static final long TIMEOUT_SECONDS = 60;

    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private SftpCli() {
    }

    /**
     * Runs {@code commands} as an sftp batch from {@code localDir} (so {@code put name} finds local files). A
     * command prefixed with {@code -} may fail without ending the batch, as in sftp's own batch syntax.
     */
    static Result run(int port, String user, String password, Path localDir, String... commands) throws IOException, InterruptedException {
        return runFrom("127.0.0.1", port, user, password, localDir, commands);
    }

    /** As {@link #run}, connecting from {@code sourceAddress} (any of 127.0.0.0/8: another client's address). */
    static Result runFrom(String sourceAddress, int port, String user, String password, Path localDir, String... commands)
            throws IOException, InterruptedException {
        Path batch = Files.createTempFile(localDir, "batch", ".txt");
        Files.write(batch, List.of(commands), StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of("sshpass", "-e", "sftp",
                "-oStrictHostKeyChecking=no", "-oUserKnownHostsFile=/dev/null", "-oGlobalKnownHostsFile=/dev/null",
                "-oBatchMode=no", "-oPreferredAuthentications=password", "-oPubkeyAuthentication=no",
                "-oNumberOfPasswordPrompts=1", "-oConnectTimeout=20", "-oLogLevel=ERROR", "-oBindAddress=" + sourceAddress,
                "-P", String.valueOf(port), "-b", batch.toString(), user + "@127.0.0.1"));
        return exec(command, localDir, password);
    }

    /** The host key lines the server at {@code port} presents (ssh-keyscan output without comments). */
    static List<String> hostKeys(int port, Path workDir) throws IOException, InterruptedException {
        Result result = exec(List.of("ssh-keyscan", "-T", "20", "-p", String.valueOf(port), "127.0.0.1"), workDir, null);
        return result.output().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).sorted().toList();
    }

    private static Result exec(List<String> command, Path workDir, String password) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "out", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        if (password != null) {
            builder.environment().put("SSHPASS", password);
        }
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException(command.get(0) + " did not finish within " + TIMEOUT_SECONDS + " s: "
                    + Files.readString(out));
        }
        return new Result(process.exitValue(), Files.readString(out));
    }
}
