package org.ftp2sms.gateway;

import org.ftp2sms.contract.FileArrived;
import org.ftp2sms.contract.Protocol;
import org.ftp2sms.gateway.GatewayFixture.Account;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FTPS data connections belong to their control connection: one from another address is refused (nothing of it
 * kept, as vsftpd's pasv_promiscuous=NO), one from the same address must resume the control connection's TLS
 * session (vsftpd's require_ssl_reuse), and one connector cannot hold the shared passive ports. Raw TLS sockets
 * play the customer and the attacker.
 */
@ExtendWith(KafkaBrokerExtension.class)
class FtpsDataChannelTest {
    private static final byte[] CSV = "phone\n0476123456\n".getBytes(StandardCharsets.US_ASCII);

    private final TestKafka kafka;
    @TempDir
    Path tmp;
    private GatewayFixture gateway;

    FtpsDataChannelTest(TestKafka kafka) {
        this.kafka = kafka;
    }

    @BeforeEach
    void setUp() {
        gateway = new GatewayFixture(kafka, tmp.resolve("data"));
    }

    @AfterEach
    void tearDown() {
        gateway.close();
    }

    @Test
    void aDataConnectionFromAnotherAddressIsRefusedAndNothingOfItIsKept() throws Exception {
        Account account = gateway.passwordAccount(Protocol.FTPS);
        FtpGatewayStage stage = gateway.start();

        try (RawFtpsClient customer = new RawFtpsClient(stage.ftpsPort(), account.username(), account.password())) {
            String hijacked = customer.storeFrom("127.0.0.2", "hijacked.csv", CSV);
            String own = customer.storeFrom("127.0.0.1", "own.csv", CSV);

            assertThat(hijacked).as("refused: cannot open (425) or aborted (426)").matches("42[56] .*");
            assertThat(own).startsWith("226");
        }
        assertThat(gateway.awaitArrivals(account, 1)).extracting(FileArrived::fileName).containsExactly("own.csv");
        assertThat(stage.isHealthy()).isTrue();
    }

    @Test
    void aDataConnectionFromTheSameAddressWithoutTheControlSessionIsClosedBeforeAnyDataIsRead() throws Exception {
        Account victim = gateway.passwordAccount(Protocol.FTPS);
        FtpGatewayStage stage = gateway.start();
        byte[] forged = "phone\n0499999999\n".getBytes(StandardCharsets.US_ASCII);

        try (RawFtpsClient customer = new RawFtpsClient(stage.ftpsPort(), victim.username(), victim.password())) {
            assertThat(customer.controlSession().getProtocol()).as("resumption is checked on TLS 1.2").isEqualTo("TLSv1.2");
            int dataPort = customer.passive();
            // the attacker reaches the announced port first, from the customer's address, with a TLS context of its own
            try (Socket raw = new Socket("127.0.0.1", dataPort)) {
                assertThat(customer.command("STOR victim.csv")).startsWith("150");
                SSLSocket hijack = (SSLSocket) FtpsCertificates.trustAll().getSocketFactory()
                        .createSocket(raw, "127.0.0.1", dataPort, true);
                hijack.startHandshake();
                assertThat(hijack.getSession().getProtocol()).isEqualTo("TLSv1.2");
                sendAll(hijack, forged);
                assertThat(readAll(hijack)).as("nothing comes back on a refused data connection").isEmpty();
            }
            assertThat(customer.reply()).startsWith("425").contains("TLS session");

            assertThat(customer.storeFrom("127.0.0.1", "victim.csv", CSV)).as("the customer's own transfer").startsWith("226");
        }
        assertThat(gateway.awaitArrivals(victim, 1)).singleElement().satisfies(arrived -> {
            assertThat(arrived.fileName()).isEqualTo("victim.csv");
            assertThat(arrived.sizeBytes()).isEqualTo(CSV.length);
        });
        assertThat(gateway.incomingFiles()).isEmpty();
        assertThat(stage.isHealthy()).isTrue();
    }

    @Test
    void anotherCustomerResumingItsOwnSessionOnThePassivePortReadsNoExport() throws Exception {
        Account victim = gateway.passwordAccount(Protocol.FTPS);
        Account attacker = gateway.passwordAccount(Protocol.FTPS);
        FtpGatewayStage stage = gateway.start();
        Files.createDirectories(gateway.home(victim).resolve("exports"));
        String export = "templateId,messageId,phone\nt1,m1,32476123456\n";
        Files.writeString(gateway.home(victim).resolve("exports/status_2026-03-01.csv"), export);

        try (RawFtpsClient customer = new RawFtpsClient(stage.ftpsPort(), victim.username(), victim.password());
             RawFtpsClient other = new RawFtpsClient(stage.ftpsPort(), attacker.username(), attacker.password())) {
            int dataPort = customer.passive();
            try (Socket raw = other.dataSocket(InetAddress.getLoopbackAddress(), dataPort)) {
                assertThat(customer.command("RETR exports/status_2026-03-01.csv")).startsWith("150");
                // a logged-in customer's valid TLS session, resumed on the victim's port: a session, but not its own
                SSLSocket hijack = other.layer(raw);
                hijack.startHandshake();
                assertThat(hijack.getSession().getId()).isEqualTo(other.controlSession().getId());
                assertThat(readAll(hijack)).as("no byte of the victim's export").isEmpty();
            }
            assertThat(customer.reply()).startsWith("425").contains("resume this connection's TLS session");

            assertThat(customer.retrieve("exports/status_2026-03-01.csv"))
                    .as("the customer's own download").asString(StandardCharsets.US_ASCII).isEqualTo(export);
            assertThat(other.retrieve("exports/status_2026-03-01.csv")).as("the attacker's home has no such export").isNull();
        }
        assertThat(stage.isHealthy()).isTrue();
    }

    @Test
    void withoutTheReuseCheckTlsThirteenIsOfferedAndAnyTlsSessionOfTheSameAddressIsTaken() throws Exception {
        Account account = gateway.passwordAccount(Protocol.FTPS);
        gateway.requireTlsReuse = false;
        FtpGatewayStage stage = gateway.start();

        try (RawFtpsClient customer = new RawFtpsClient(stage.ftpsPort(), account.username(), account.password())) {
            assertThat(customer.controlSession().getProtocol()).isEqualTo("TLSv1.3");
            int dataPort = customer.passive();
            try (Socket raw = new Socket("127.0.0.1", dataPort)) {
                assertThat(customer.command("STOR taken.csv")).startsWith("150");
                SSLSocket other = (SSLSocket) FtpsCertificates.trustAll().getSocketFactory()
                        .createSocket(raw, "127.0.0.1", dataPort, true);
                sendAll(other, CSV);
                other.close();
            }
            assertThat(customer.reply()).startsWith("226");
        }
        assertThat(gateway.awaitArrivals(account, 1)).extracting(FileArrived::fileName).containsExactly("taken.csv");
    }

    private static void sendAll(SSLSocket socket, byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            // the server closed the connection: what matters is that nothing was kept
        }
    }

    /** What the server sent before it closed the connection, with or without a TLS close. */
    private static byte[] readAll(SSLSocket socket) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try {
            for (int b = socket.getInputStream().read(); b != -1; b = socket.getInputStream().read()) {
                received.write(b);
            }
        } catch (IOException e) {
            // closed by the server
        }
        return received.toByteArray();
    }

    @Test
    void oneConnectorCannotHoldMoreThanItsShareOfThePassivePorts() throws Exception {
        Account greedy = gateway.passwordAccount(Protocol.FTPS);
        Account other = gateway.passwordAccount(Protocol.FTPS);
        FtpGatewayStage stage = gateway.start();

        try (RawFtpsClient first = new RawFtpsClient(stage.ftpsPort(), greedy.username(), greedy.password());
             RawFtpsClient second = new RawFtpsClient(stage.ftpsPort(), greedy.username(), greedy.password());
             RawFtpsClient third = new RawFtpsClient(stage.ftpsPort(), greedy.username(), greedy.password());
             RawFtpsClient bystander = new RawFtpsClient(stage.ftpsPort(), other.username(), other.password())) {
            assertThat(first.command("PASV")).startsWith("227");
            assertThat(second.command("PASV")).startsWith("227");
            assertThat(third.command("PASV")).startsWith("425").contains("too many data connections for this account");
            assertThat(bystander.storeFrom("127.0.0.1", "mine.csv", CSV)).startsWith("226");
            assertThat(first.storeFrom("127.0.0.1", "first.csv", CSV)).startsWith("226");
            assertThat(third.command("PASV")).as("the place is given back after a transfer").startsWith("227");
        }
        assertThat(gateway.awaitArrivals(other, 1)).extracting(FileArrived::fileName).containsExactly("mine.csv");
    }
}
