package org.ftp2sms.gateway;

import org.ftp2sms.contract.FileArrived;
import org.ftp2sms.contract.Protocol;
import org.ftp2sms.gateway.GatewayFixture.Account;
import org.ftp2sms.gateway.GatewaySettings.LoginLimits;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Twenty clients, ten OpenSSH sftp and ten curl FTPS, upload a file of the same name at the same time. */
@ExtendWith(KafkaBrokerExtension.class)
class ConcurrentUploadsTest {
    private static final int CLIENTS_PER_PROTOCOL = 10;

    private final TestKafka kafka;
    @TempDir
    Path tmp;
    private GatewayFixture gateway;

    ConcurrentUploadsTest(TestKafka kafka) {
        this.kafka = kafka;
    }

    @AfterEach
    void tearDown() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void twentyConcurrentUploadsAreEachProcessedExactlyOnce() throws Exception {
        gateway = new GatewayFixture(kafka, tmp.resolve("data"));
        Account sftp = gateway.passwordAccount(Protocol.SFTP);
        Account ftps = gateway.passwordAccount(Protocol.FTPS);
        gateway.maxDataConnectionsPerConnector = CLIENTS_PER_PROTOCOL; // one connector's own concurrency, not fairness
        FtpGatewayStage stage = gateway.start(GatewaySettings.DEFAULT_MAX_UPLOAD_BYTES, 2 * CLIENTS_PER_PROTOCOL, LoginLimits.DEFAULT);
        Set<String> sftpDigests = new HashSet<>();
        Set<String> ftpsDigests = new HashSet<>();
        List<Process> clients = new ArrayList<>();

        for (int i = 0; i < 2 * CLIENTS_PER_PROTOCOL; i++) {
            Path dir = Files.createDirectories(tmp.resolve("client-" + i));
            StringBuilder csv = new StringBuilder("phone;client\n");
            for (int row = 0; row < 2000; row++) {
                csv.append("04761").append(String.format("%05d", row)).append(';').append(i).append('\n');
            }
            byte[] content = csv.toString().getBytes();
            Files.write(dir.resolve("data.csv"), content);
            Path output = dir.resolve("output.txt");
            if (i < CLIENTS_PER_PROTOCOL) {
                sftpDigests.add(sha256(content));
                Files.writeString(dir.resolve("batch.txt"), "put data.csv\n");
                ProcessBuilder builder = new ProcessBuilder("sshpass", "-e", "sftp",
                        "-oStrictHostKeyChecking=no", "-oUserKnownHostsFile=/dev/null", "-oBatchMode=no", "-oPreferredAuthentications=password",
                        "-oPubkeyAuthentication=no", "-oNumberOfPasswordPrompts=1", "-oConnectTimeout=30", "-oLogLevel=ERROR",
                        "-P", String.valueOf(stage.sftpPort()), "-b", "batch.txt", sftp.username() + "@127.0.0.1")
                        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
                builder.environment().put("SSHPASS", sftp.password());
                clients.add(builder.start());
            } else {
                ftpsDigests.add(sha256(content));
                clients.add(FtpsClient.startCurl(dir, output, "--max-time", "60", "-T", "data.csv",
                        FtpsClient.url(stage.ftpsPort(), ftps.username(), ftps.password(), "/")));
            }
        }
        for (int i = 0; i < clients.size(); i++) {
            Process client = clients.get(i);
            assertThat(client.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(client.exitValue()).as(Files.readString(tmp.resolve("client-" + i + "/output.txt"))).isZero();
        }

        List<FileArrived> sftpArrivals = gateway.arrivals(sftp);
        List<FileArrived> ftpsArrivals = gateway.arrivals(ftps);
        assertThat(sftpArrivals).hasSize(CLIENTS_PER_PROTOCOL);
        assertThat(ftpsArrivals).hasSize(CLIENTS_PER_PROTOCOL);
        assertThat(sftpArrivals).extracting(FileArrived::sha256).containsExactlyInAnyOrderElementsOf(sftpDigests);
        assertThat(ftpsArrivals).extracting(FileArrived::sha256).containsExactlyInAnyOrderElementsOf(ftpsDigests);
        for (FileArrived arrival : concat(sftpArrivals, ftpsArrivals)) {
            assertThat(arrival.fileName()).isEqualTo("data.csv");
            assertThat(sha256(Files.readAllBytes(Path.of(arrival.storedPath())))).isEqualTo(arrival.sha256());
        }
        assertThat(concat(sftpArrivals, ftpsArrivals)).extracting(FileArrived::fileIngestionId).doesNotHaveDuplicates();
        assertThat(gateway.storedFiles()).hasSize(2 * CLIENTS_PER_PROTOCOL);
        assertThat(gateway.incomingFiles()).isEmpty();
    }

    private static List<FileArrived> concat(List<FileArrived> a, List<FileArrived> b) {
        List<FileArrived> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
