package org.ftp2sms.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import org.ftp2sms.contract.json.Json;
import org.ftp2sms.testkit.FreePorts;
import org.ftp2sms.testkit.OpenSshSftp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's first command as a user runs it: {@code bin/ftp2sms-standalone --demo}, i.e. the packaged jar and
 * nothing from the build's class path (every other test runs the classes with the test scope's libraries too, which
 * once hid a library missing from the jar). The demo connector's printed credentials take a file over OpenSSH's
 * {@code sftp}; the admin API shows its row delivered; SIGTERM stops the whole JVM. Run by failsafe, after the jar
 * is packaged.
 */
class StandaloneJarIT {
    private static final Path SCRIPT =
            Path.of("..", "bin", "ftp2sms-standalone").toAbsolutePath().normalize();
    private static final Pattern CONNECTOR = Pattern.compile("demo connector created: id (\\S+)");
    private static final Pattern CREDENTIALS = Pattern.compile("SFTP user (\\S+), password (\\S+) \\(shown once\\)");
    private static final Pattern CSV = Pattern.compile("printf '([^']*)' > demo\\.csv");

    private final HttpClient http = HttpClient.newHttpClient();
    private Process standalone;

    @AfterEach
    void stop() throws InterruptedException {
        if (standalone != null && standalone.isAlive()) {
            standalone.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theDemoTakesAFileOverSftpToDeliveredAndStopsOnSigterm(@TempDir Path dir) throws Exception {
        int sftpPort = FreePorts.next();
        int httpPort = FreePorts.next();
        Path data = dir.resolve("data");
        Path log = Files.createDirectories(Path.of("target", "standalone-jar")).resolve("standalone.log");
        ProcessBuilder builder = new ProcessBuilder(
                        SCRIPT.toString(),
                        "--demo",
                        "--data-dir=" + data,
                        "--sftp-port=" + sftpPort,
                        "--ftps-port=" + FreePorts.next(),
                        "--ftps-passive-ports=" + FreePorts.range(2),
                        "--http-port=" + httpPort,
                        "--health-port=" + FreePorts.next(),
                        "--kafka-port=" + FreePorts.next())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("FTP2SMS_"));
        // The same JDK as the build, first on the PATH the script takes java from.
        builder.environment()
                .put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        builder.environment().put("FTP2SMS_JAVA_OPTS", "-Xmx768m");
        standalone = builder.start();

        await("the ready line and the demo connector")
                .atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    assertThat(standalone.isAlive())
                            .as("standalone exited; its output:%n%s", output(log))
                            .isTrue();
                    String out = output(log);
                    return out.contains("ftp2sms ready: ") && CSV.matcher(out).find();
                });
        String printed = output(log);
        assertThat(printed).doesNotContain("Exception in thread", "NoClassDefFoundError", "ClassNotFoundException");
        String connectorId = group(CONNECTOR, printed, 1);
        OpenSshSftp sftp = OpenSshSftp.withPassword(
                "127.0.0.1", sftpPort, group(CREDENTIALS, printed, 1), group(CREDENTIALS, printed, 2));
        Path csv = dir.resolve("demo.csv");
        // The demo's own example, as printf would write it.
        Files.writeString(csv, group(CSV, printed, 1).replace("\\n", "\n"), StandardCharsets.UTF_8);
        assertThat(sftp.run("put " + csv + " demo.csv").ok()).as("sftp put").isTrue();

        String token = Files.readString(data.resolve("admin-token")).trim();
        URI ingestions = URI.create("http://localhost:" + httpPort + "/api/v1/ingestions?connectorId=" + connectorId);
        await("the demo row delivered")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    HttpResponse<String> response = http.send(
                            HttpRequest.newBuilder(ingestions)
                                    .header("Authorization", "Bearer " + token)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).isEqualTo(200);
                    JsonNode files = Json.mapper().readTree(response.body());
                    assertThat(files).hasSize(1);
                    assertThat(files.get(0).get("fileName").asText()).isEqualTo("demo.csv");
                    assertThat(files.get(0).get("rows").asInt()).isEqualTo(1);
                    assertThat(files.get(0).get("delivered").asInt()).isEqualTo(1);
                    assertThat(files.get(0).get("finished").asBoolean()).isTrue();
                });

        standalone.destroy(); // SIGTERM: the shutdown hook closes every stage, the simulator and the broker
        assertThat(standalone.waitFor(60, TimeUnit.SECONDS))
                .as("stopped within a minute of SIGTERM")
                .isTrue();
        assertThat(output(log)).contains("SMSC simulator stopped").doesNotContain("Exception in thread");
    }

    private static String output(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    private static String group(Pattern pattern, String text, int group) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as("%s in the output:%n%s", pattern, text).isTrue();
        return m.group(group);
    }
}
