package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.smsc.SmscSimulator;
import org.ftp2sms.smsc.SmscSimulatorSettings;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.RunningStages;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** SMPP over TLS: the bind password and the texts never cross the network in clear, and only to the right SMSC. */
@ExtendWith(KafkaBrokerExtension.class)
class SmscTlsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String STORE_PASSWORD = "changeit";
    private final TestKafka kafka;
    private final DispatcherFixture.Groups groups;
    @AutoClose
    private final RunningStages stages = new RunningStages();
    @TempDir
    Path dir;

    SmscTlsTest(TestKafka kafka) {
        this.kafka = kafka;
        this.groups = DispatcherFixture.isolatedGroups(kafka);
    }

    @Test
    void aTlsRouteWithTheSmscsCertificateInItsTruststoreSendsAndGetsReceipts() throws Exception {
        Path keystore = keystore();
        Path truststore = truststore(keystore);
        SmscSimulator smsc = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests().withTls(keystore, STORE_PASSWORD)));
        stages.start(new DispatcherStage(settings(smsc.port(), truststore), new SimpleMeterRegistry()));
        String connector = DispatcherFixture.connector(kafka, null);
        Message m = DispatcherFixture.file(connector, 1, "3245").get(0);

        DispatcherFixture.produce(kafka, List.of(m), null);

        assertThat(smsc.awaitReceived(r -> r.destination().equals(m.phone()), 1, WAIT)).singleElement()
                .satisfies(r -> assertThat(r.text()).isEqualTo(m.text()));
        assertThat(kafka.awaitValues(Topics.STATUSES, Status.class,
                s -> m.messageId().equals(s.messageId()) && s.statusCode() == 200, 1, WAIT)).hasSize(1);
    }

    @Test
    void anSmscWhoseCertificateIsNotTrustedGetsNoBind() throws Exception {
        Path keystore = keystore();
        SmscSimulator smsc = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests().withTls(keystore, STORE_PASSWORD)));
        // The JVM's CAs do not know the simulator's self-signed certificate: the handshake fails before the bind.
        DispatcherStage dispatcher = stages.start(new DispatcherStage(settings(smsc.port(), null), new SimpleMeterRegistry()));

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> smsc.boundSessions().isEmpty());
        assertThat(dispatcher.isHealthy()).isFalse();
    }

    private DispatcherSettings settings(int port, Path truststore) {
        SmscRoutes routes = new SmscRoutes(List.of(new SmscRoute("tls", "localhost", port, "ftp2sms", "ftp2sms",
                SmscBindType.TRANSCEIVER, 1, 8, 0, true, truststore, truststore == null ? null : STORE_PASSWORD, List.of(), true, null)));
        return groups.apply(new DispatcherSettings(kafka.settings(), routes, TestKafka.unique("tls"), dir.resolve(TestKafka.unique("data")),
                "unused", "unused", DispatcherSettings.DEFAULT_BUFFER));
    }

    /** A self-signed key and certificate for localhost, made by the JDK's keytool. */
    private Path keystore() throws IOException, InterruptedException {
        Path keystore = dir.resolve("smsc.p12");
        keytool("-genkeypair", "-alias", "smsc", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        return keystore;
    }

    private Path truststore(Path keystore) throws IOException, InterruptedException {
        Path certificate = dir.resolve("smsc.crt");
        Path truststore = dir.resolve("trust.p12");
        keytool("-exportcert", "-alias", "smsc", "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "smsc", "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", truststore.toString(), "-storepass", STORE_PASSWORD);
        return truststore;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }
}
