package org.ftp2sms.gateway;

import org.ftp2sms.contract.Protocol;
import org.ftp2sms.gateway.GatewayFixture.Account;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A session opened with credentials that are then rotated, replaced or deleted is closed at once: the old
 * password cannot go on uploading. Real clients: an OpenSSH sftp session fed commands one by one, and a raw TLS
 * FTPS control connection.
 */
@ExtendWith(KafkaBrokerExtension.class)
class SessionsClosedOnCredentialChangeTest {
    private final TestKafka kafka;
    @TempDir
    Path tmp;
    private GatewayFixture gateway;
    private Path client;

    SessionsClosedOnCredentialChangeTest(TestKafka kafka) {
        this.kafka = kafka;
    }

    @BeforeEach
    void setUp() throws Exception {
        gateway = new GatewayFixture(kafka, tmp.resolve("data"));
        client = Files.createDirectories(tmp.resolve("client"));
        Files.writeString(client.resolve("after.csv"), "phone\n0476123456\n");
    }

    @AfterEach
    void tearDown() {
        gateway.close();
    }

    @Test
    void anOpenSftpSessionEndsWhenThePasswordRotates() throws Exception {
        Account account = gateway.passwordAccount(Protocol.SFTP);
        FtpGatewayStage stage = gateway.start();
        Account other = gateway.passwordAccount(Protocol.SFTP);

        try (Interactive sftp = Interactive.password(stage.sftpPort(), account, client);
             Interactive bystander = Interactive.password(stage.sftpPort(), other, client)) {
            sftp.awaitOutput("Remote working directory");
            bystander.awaitOutput("Remote working directory");

            gateway.rotatePassword(account);

            assertThat(sftp.exitsAfter("put after.csv")).isNotZero();
            bystander.send("put after.csv");
            assertThat(gateway.awaitArrivals(other, 1)).as("another connector's session goes on").hasSize(1);
        }
        assertThat(gateway.arrivals(account)).isEmpty();
        assertThat(stage.isHealthy()).isTrue();
    }

    @Test
    void anOpenSftpSessionEndsWhenTheConnectorIsDeleted() throws Exception {
        Account account = gateway.passwordAccount(Protocol.SFTP);
        FtpGatewayStage stage = gateway.start();

        try (Interactive sftp = Interactive.password(stage.sftpPort(), account, client)) {
            sftp.awaitOutput("Remote working directory");
            gateway.delete(account);
            assertThat(sftp.exitsAfter("put after.csv")).isNotZero();
        }
        assertThat(gateway.arrivals(account)).isEmpty();
    }

    @Test
    void anOpenKeySessionEndsWhenTheKeysAreReplaced() throws Exception {
        Path key = keygen("id_old");
        Path newKey = keygen("id_new");
        Account account = gateway.keyAccount(Files.readString(Path.of(key + ".pub")).strip());
        FtpGatewayStage stage = gateway.start();

        try (Interactive sftp = Interactive.key(stage.sftpPort(), account, key, client)) {
            sftp.awaitOutput("Remote working directory");
            gateway.replaceKeys(account, Files.readString(Path.of(newKey + ".pub")).strip());
            assertThat(sftp.exitsAfter("put after.csv")).isNotZero();
        }
        assertThat(gateway.arrivals(account)).isEmpty();
    }

    @Test
    void anOpenFtpsSessionEndsWhenThePasswordRotates() throws Exception {
        Account account = gateway.passwordAccount(Protocol.FTPS);
        FtpGatewayStage stage = gateway.start();

        try (RawFtpsClient ftps = new RawFtpsClient(stage.ftpsPort(), account.username(), account.password())) {
            assertThat(ftps.command("PWD")).startsWith("257");
            gateway.rotatePassword(account);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThatThrownBy(() -> ftps.command("NOOP")).isInstanceOf(IOException.class));
        }
        assertThat(stage.isHealthy()).isTrue();
    }

    private Path keygen(String name) throws Exception {
        Path key = client.resolve(name);
        assertThat(new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
                .redirectErrorStream(true).start().waitFor()).isZero();
        return key;
    }

    /** OpenSSH sftp reading its commands one at a time from a pipe, as a person at the prompt. */
    private static final class Interactive implements AutoCloseable {
        private final Process process;
        private final OutputStream commands;
        private final Path output;

        private Interactive(List<String> command, String password, Path workDir) throws IOException {
            this.output = Files.createTempFile(workDir, "interactive", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            if (password != null) {
                builder.environment().put("SSHPASS", password);
            }
            this.process = builder.start();
            this.commands = process.getOutputStream();
            send("pwd");
        }

        static Interactive password(int port, Account account, Path workDir) throws IOException {
            // -b implies BatchMode=yes, which would not let sshpass answer the password prompt
            List<String> command = new ArrayList<>(List.of("sshpass", "-e", "sftp", "-oBatchMode=no", "-oPreferredAuthentications=password",
                    "-oPubkeyAuthentication=no", "-oNumberOfPasswordPrompts=1"));
            command.addAll(common(port, account));
            return new Interactive(command, account.password(), workDir);
        }

        static Interactive key(int port, Account account, Path key, Path workDir) throws IOException {
            List<String> command = new ArrayList<>(List.of("sftp", "-oBatchMode=yes", "-oIdentitiesOnly=yes", "-i", key.toString()));
            command.addAll(common(port, account));
            return new Interactive(command, null, workDir);
        }

        private static List<String> common(int port, Account account) {
            return List.of("-oStrictHostKeyChecking=no", "-oUserKnownHostsFile=/dev/null", "-oLogLevel=ERROR",
                    "-P", String.valueOf(port), "-b", "-", account.username() + "@127.0.0.1");
        }

        void send(String line) throws IOException {
            commands.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            commands.flush();
        }

        void awaitOutput(String text) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Files.readString(output)).contains(text));
        }

        /**
         * Waits until the server has closed the connection (sftp's ssh transport process ends), then sends
         * {@code line} as a person would and waits for the client to end; its exit code.
         */
        int exitsAfter(String line) throws Exception {
            await().atMost(Duration.ofSeconds(20)).until(() -> process.descendants()
                    .noneMatch(p -> p.isAlive() && p.info().command().orElse("").endsWith("/ssh")));
            try {
                send(line);
            } catch (IOException e) {
                // the client is gone already
            }
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            return process.exitValue();
        }

        @Override
        public void close() throws Exception {
            commands.close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
