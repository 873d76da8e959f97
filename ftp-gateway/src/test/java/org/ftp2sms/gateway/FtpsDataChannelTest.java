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

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FTPS data connections belong to their control connection: one from another address is refused (nothing of it
 * kept, as vsftpd's pasv_promiscuous=NO), and one connector cannot hold the shared passive ports. Raw TLS sockets
 * play the customer and the attacker, the attacker from 127.0.0.2.
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
