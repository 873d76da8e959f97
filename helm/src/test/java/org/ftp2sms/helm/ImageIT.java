package org.ftp2sms.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ftp2sms.embedded.EmbeddedKafkaBroker;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.service.TopicProvisioner;
import org.ftp2sms.smsc.SmscSimulator;
import org.ftp2sms.smsc.SmscSimulatorSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The image {@code mvn -Pimage -pl helm -am verify} built (no Docker engine): named as the chart's defaults say,
 * non-root, the service chosen by an argument; and, where this test may chroot (root), a service actually started
 * from the image's own file system as user 10001.
 */
class ImageIT {
    private static final Path IMAGE = Path.of(System.getProperty("ftp2sms.image.tar", "target/ftp2sms-image.tar"));
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theImageIsWhatTheChartRunsAndRunsAServiceAsANonRootUser(@TempDir Path dir) throws Exception {
        assertThat(IMAGE).exists();
        Image image = Image.extract(dir);
        JsonNode manifest = image.manifest();
        JsonNode values = Rendered.YAML.readTree(Rendered.CHART.resolve("values.yaml").toFile());
        JsonNode chart = Rendered.YAML.readTree(Rendered.CHART.resolve("Chart.yaml").toFile());
        String chartDefault = values.at("/image/repository").asText() + ":" + chart.get("appVersion").asText();
        assertThat(manifest.get("RepoTags").toString()).as("the chart's default image is what the build names")
                .contains(chartDefault).contains(System.getProperty("ftp2sms.image.reference", chartDefault));

        JsonNode config = image.config();
        assertThat(config.get("User").asText()).isEqualTo("10001:10001");
        assertThat(config.get("Entrypoint").toString()).contains("org.ftp2sms.standalone.ServiceLauncher");

        Path rootfs = image.rootfs();
        assertThat(rootfs.resolve("opt/java/bin/java")).isExecutable();
        assertThat(rootfs.resolve("bin/sh")).as("no shell in the image").doesNotExist();
        assertThat(Files.readString(rootfs.resolve("etc/passwd"))).contains("ftp2sms:x:10001:10001");

        // Run the image's entry point in its own file system, as its user: the SMSC simulator needs no Kafka.
        assumeTrue(canChroot(), "chroot needs root: the image's content was checked, not run");
        int health = freePort();
        Process service = startInImage(
                rootfs,
                config,
                "smsc-simulator",
                dir,
                Map.of(
                        "FTP2SMS_HEALTH_PORT", String.valueOf(health),
                        "FTP2SMS_SMSC_SIM_PORT", String.valueOf(freePort()),
                        "FTP2SMS_INSTANCE_ID", "image-it"));
        try {
            awaitOk(service, health, "/startupz", dir);
            ProcessHandle java = service.descendants()
                    .filter(p -> p.info().command().orElse("").endsWith("/java"))
                    .findFirst()
                    .orElseThrow();
            String uid = Files.readAllLines(Path.of("/proc", String.valueOf(java.pid()), "status")).stream()
                    .filter(l -> l.startsWith("Uid:"))
                    .findFirst()
                    .orElseThrow()
                    .split("\\s+")[1];
            assertThat(uid).as("runs as the image's user").isEqualTo("10001");
        } finally {
            stop(service);
        }
    }

    /**
     * The dispatcher from the image, with an SMSC routes file (YAML) as the chart mounts one, against a broker and an
     * SMSC on this machine: it binds and reports ready. (The image once lacked the YAML library: every service but the
     * dispatcher started.)
     */
    @Test
    void theDispatcherRunsFromTheImageWithARoutesFile(@TempDir Path dir) throws Exception {
        assumeTrue(canChroot(), "chroot needs root");
        Image image = Image.extract(dir);
        Path rootfs = image.rootfs();
        JsonNode config = image.config();
        try (EmbeddedKafkaBroker broker =
                        new EmbeddedKafkaBroker(Files.createDirectories(dir.resolve("kafka")), 0, Map.of()).start();
                SmscSimulator smsc = new SmscSimulator(SmscSimulatorSettings.forTests())) {
            smsc.start();
            TopicProvisioner.ensureTopics(
                    KafkaSettings.of(broker.bootstrapServers()), 1, (short) 1, Duration.ofSeconds(30));
            // Inside the image: the routes file and the password file beside it, readable by its user.
            Path etc = Files.createDirectories(rootfs.resolve("etc/ftp2sms"));
            Files.writeString(etc.resolve("smsc-password"), SmscSimulatorSettings.DEFAULT_PASSWORD);
            Files.writeString(
                    etc.resolve("routes.yaml"), """
                    routes:
                      - name: local
                        host: 127.0.0.1
                        port: %d
                        systemId: %s
                        passwordFile: smsc-password
                        default: true
                    """.formatted(smsc.port(), SmscSimulatorSettings.DEFAULT_SYSTEM_ID));
            for (Path f : List.of(etc, etc.resolve("smsc-password"), etc.resolve("routes.yaml"))) {
                Files.setPosixFilePermissions(
                        f, PosixFilePermissions.fromString(Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--"));
            }
            int health = freePort();
            Process service = startInImage(
                    rootfs,
                    config,
                    "dispatcher",
                    dir,
                    Map.of(
                            "FTP2SMS_HEALTH_PORT", String.valueOf(health),
                            "FTP2SMS_KAFKA_BOOTSTRAP", broker.bootstrapServers(),
                            "FTP2SMS_SMSC_ROUTES", "/etc/ftp2sms/routes.yaml",
                            "FTP2SMS_DATA_DIR", "/tmp/ftp2sms-data",
                            "FTP2SMS_INSTANCE_ID", "image-it"));
            try {
                awaitOk(service, health, "/readyz", dir);
                assertThat(smsc.boundSessions()).containsExactly(SmscSimulatorSettings.DEFAULT_SYSTEM_ID);
            } finally {
                stop(service);
            }
        }
    }

    /** The image tarball unpacked under {@code dir}: its manifest, its config and its file system. */
    private record Image(JsonNode manifest, JsonNode config, Path rootfs) {
        static Image extract(Path dir) throws IOException, InterruptedException {
            Path archive = Files.createDirectories(dir.resolve("archive"));
            run(List.of("tar", "-xf", IMAGE.toString(), "-C", archive.toString()));
            JsonNode manifest =
                    JSON.readTree(archive.resolve("manifest.json").toFile()).get(0);
            JsonNode config = JSON.readTree(
                            archive.resolve(manifest.get("Config").asText()).toFile())
                    .get("config");
            Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
            for (JsonNode layer : manifest.get("Layers")) {
                run(List.of("tar", "-xf", archive.resolve(layer.asText()).toString(), "-C", rootfs.toString()));
            }
            return new Image(manifest, config, rootfs);
        }
    }

    private static boolean canChroot() {
        return "root".equals(System.getProperty("user.name"))
                && Files.isExecutable(Path.of("/usr/sbin/chroot"))
                && Files.isExecutable(Path.of("/usr/bin/unshare"));
    }

    /**
     * The image's entry point with {@code service}, as a container runtime would run it: its own mount and pid
     * namespaces with /proc, the image's root, its user, the image's environment plus {@code env}. Output goes to
     * {@code dir/service.log}.
     */
    private static Process startInImage(Path rootfs, JsonNode config, String service, Path dir, Map<String, String> env)
            throws IOException {
        Files.createDirectories(rootfs.resolve("proc"));
        List<String> command = new ArrayList<>(List.of("/usr/bin/unshare", "--mount", "--pid", "--fork", "--kill-child",
                "--mount-proc=" + rootfs.resolve("proc"), "/usr/sbin/chroot", "--userspec=10001:10001", rootfs.toString()));
        for (JsonNode e : config.get("Entrypoint")) {
            command.add(e.asText().equals("java") ? "/opt/java/bin/java" : e.asText());
        }
        command.add(service);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("service.log").toFile());
        builder.environment().clear();
        config.get("Env").forEach(e -> builder.environment().put(e.asText().split("=", 2)[0], e.asText().split("=", 2)[1]));
        builder.environment().put("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=25");
        builder.environment().putAll(env);
        builder.directory(dir.toFile());
        return builder.start();
    }

    /** Waits up to a minute, while the service lives, for the probe to answer 200; its log describes a failure. */
    private static void awaitOk(Process service, int port, String path, Path dir) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int status = 0;
        while (status != 200 && System.nanoTime() < deadline && service.isAlive()) {
            try {
                status = http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                        .timeout(Duration.ofSeconds(2))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode();
            } catch (IOException notYet) {
                // not listening yet
            }
            if (status != 200) {
                Thread.sleep(200);
            }
        }
        assertThat(status).as(Files.readString(dir.resolve("service.log"))).isEqualTo(200);
    }

    private static void stop(Process service) throws InterruptedException {
        // The JVM is init of its pid namespace and changed user, so unshare's --kill-child does not reach it.
        service.descendants().forEach(ProcessHandle::destroyForcibly);
        service.destroy();
        if (!service.waitFor(30, TimeUnit.SECONDS)) {
            service.destroyForcibly();
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", command) + "\n" + out).isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
