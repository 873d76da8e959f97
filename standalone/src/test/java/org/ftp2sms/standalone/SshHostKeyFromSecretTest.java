package org.ftp2sms.standalone;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ftp2sms.gateway.FtpGatewayStage;
import org.ftp2sms.gateway.GatewaySettings;
import org.ftp2sms.service.Env;
import org.ftp2sms.service.PrivateFileCopyMain;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.PipelineVars;
import org.ftp2sms.testkit.RunningStages;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's SSH host key from a Secret, end to end: a key made with ssh-keygen, group-readable as a mounted
 * Secret is, installed by the init container's {@code install-private-file}, is the key the gateway shows to
 * OpenSSH clients (so every pod and every new volume shows the same one).
 */
@ExtendWith(KafkaBrokerExtension.class)
class SshHostKeyFromSecretTest {
    @AutoClose
    private final RunningStages stages = new RunningStages();

    @Test
    void theGatewayServesTheHostKeyInstalledFromTheSecret(TestKafka kafka, @TempDir Path dir) throws Exception {
        Path secret = Files.createDirectories(dir.resolve("secret")).resolve("ssh_host_ecdsa_key");
        run(List.of("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-m", "PEM", "-N", "", "-f", secret.toString()));
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("r--r-----"));
        Path data = dir.resolve("data");

        PrivateFileCopyMain.main(new String[] {secret.toString(), data.resolve("ssh/host-key-ecdsa").toString()});
        FtpGatewayStage gateway = stages.start(new FtpGatewayStage(
                GatewaySettings.fromEnv(new Env(PipelineVars.isolated(kafka, data, "host-key"))), new SimpleMeterRegistry()));

        String scanned = run(List.of("ssh-keyscan", "-t", "ecdsa", "-p", String.valueOf(gateway.sftpPort()), "127.0.0.1"));
        String expected = Files.readString(Path.of(secret + ".pub")).split(" ")[1];
        assertThat(scanned).contains("ecdsa-sha2-nistp256 " + expected);
        assertThat(data.resolve("ssh/host-key-ecdsa")).hasContent(Files.readString(secret).strip());
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", command)).isZero();
        return out;
    }
}
