package org.ftp2sms.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real FTPS clients as customers' scripts run them: {@code curl --ssl-reqd} and {@code lftp}. */
final class FtpsClient {
    private static final long TIMEOUT_SECONDS = 60;

    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private FtpsClient() {
    }

    /** {@code curl} with explicit TLS required, passive mode, the server's self-signed certificate accepted. */
    static Result curl(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--ssl-reqd", "--insecure",
                "--ftp-pasv", "--connect-timeout", "20", "--max-time", "60"));
        command.addAll(List.of(args));
        return exec(command, workDir);
    }

    static Process startCurl(Path workDir, Path output, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--ssl-reqd", "--insecure",
                "--ftp-pasv", "--connect-timeout", "20"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
    }

    static String url(int port, String user, String password, String path) {
        return "ftp://" + user + ":" + password + "@127.0.0.1:" + port + path;
    }

    /** {@code lftp} with a script; TLS forced on control and data, certificate not verified. */
    static Result lftp(Path workDir, int port, String user, String password, String... commands) throws IOException, InterruptedException {
        String script = String.join("; ", List.of(
                "set ftp:ssl-force true", "set ftp:ssl-protect-data true", "set ssl:verify-certificate false",
                "set ftp:passive-mode true", "set net:max-retries 1", "set net:timeout 20", "set cmd:fail-exit true"))
                + "; open -u " + user + "," + password + " -p " + port + " ftp://127.0.0.1; " + String.join("; ", commands);
        return exec(List.of("lftp", "-c", script), workDir);
    }

    /**
     * {@code openssl s_client} over explicit FTPS ({@code -starttls ftp}) that sends {@code QUIT} and reads until the
     * server closes, so that a TLS 1.3 session ticket sent after the handshake is read too. {@code -sess_out}
     * keeps the session in a file, {@code -sess_in} offers it for resumption; the output says "New" or "Reused".
     */
    static Result openSsl(Path workDir, int port, String... args) throws IOException, InterruptedException {
        Path quit = Files.writeString(Files.createTempFile(workDir, "quit", ".txt"), "QUIT\n");
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-starttls", "ftp", "-crlf", "-ign_eof"));
        command.addAll(List.of(args));
        return exec(command, workDir, quit);
    }

    static Result exec(List<String> command, Path workDir) throws IOException, InterruptedException {
        return exec(command, workDir, Path.of("/dev/null"));
    }

    private static Result exec(List<String> command, Path workDir, Path input) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(input.toFile()))
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException(command.get(0) + " did not finish within " + TIMEOUT_SECONDS + " s: " + Files.readString(out));
        }
        return new Result(process.exitValue(), Files.readString(out));
    }
}
