package org.ftp2sms.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@code curl} client, as an operator or an attacker runs it against an HTTP endpoint. */
public final class Curl {
    private static final long TIMEOUT_SECONDS = 60;

    /** The HTTP status (0 when no answer came) and the body. */
    public record Response(int status, String body) {
    }

    private Curl() {
    }

    /** {@code curl -X method url}, with a bearer token when not null and a JSON body when not null. */
    public static Response call(String method, String url, String bearer, String jsonBody) {
        List<String> args = new ArrayList<>(List.of("-X", method));
        if (bearer != null) {
            args.addAll(List.of("-H", "Authorization: Bearer " + bearer));
        }
        if (jsonBody != null) {
            args.addAll(List.of("-H", "Content-Type: application/json", "--data-binary", "@-"));
        }
        args.add(url);
        return run(args, jsonBody);
    }

    /** {@code curl} with any arguments; the body of the answer and its status. */
    public static Response run(List<String> args, String stdin) {
        try {
            Path body = Files.createTempFile("curl", ".body");
            try {
                List<String> command = new ArrayList<>(List.of("curl", "--silent", "--connect-timeout", "10",
                        "--max-time", String.valueOf(TIMEOUT_SECONDS - 5), "--output", body.toString(),
                        "--write-out", "%{http_code}"));
                command.addAll(args);
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                if (stdin != null) {
                    process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
                }
                process.getOutputStream().close();
                String status = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("curl did not finish within " + TIMEOUT_SECONDS + " s");
                }
                int code = status.matches("\\d{3}") ? Integer.parseInt(status) : 0;
                return new Response(code, Files.readString(body, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(body);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
