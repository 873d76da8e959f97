package org.ftp2sms.smsc;

import org.ftp2sms.rules.sms.Gsm7Alphabet;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCoding;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.MessageState;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RawDataCoding;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.util.DeliveryReceiptState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmscSimulatorTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private SmscSimulator simulator(SmscSimulatorSettings settings) {
        SmscSimulator simulator = new SmscSimulator(settings);
        toClose.add(simulator);
        simulator.start();
        return simulator;
    }

    private Client client(SmscSimulator simulator, BindType type, String password) throws IOException {
        Client client = new Client();
        toClose.add(client);
        client.session.connectAndBind("localhost", simulator.port(), new BindParameter(type, "ftp2sms", password,
                "test", TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null));
        return client;
    }

    /** Four bytes of an HTTP request read as a 1.2 GB command_length ran the JVM out of memory: now refused. */
    @Test
    void anHttpRequestOnTheSmppPortIsClosedAndBindsStillWork() throws Exception {
        SmscSimulator simulator = simulator(SmscSimulatorSettings.forTests());
        try (java.net.Socket socket = new java.net.Socket("localhost", simulator.port())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: smsc\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            // Closed (end of stream), maybe after a generic_nack; a read that times out means it waits for 1.2 GB.
            byte[] answer = socket.getInputStream().readAllBytes();
            assertThat(answer.length).as("bytes answered before closing").isLessThanOrEqualTo(16);
        }
        Client client = client(simulator, BindType.BIND_TRX, "ftp2sms");
        assertThat(client.submit("ACME", "32470000001", 0, Gsm7Alphabet.encode("still here"))).isNotNull();
        assertThat(simulator.isHealthy()).isTrue();
    }

    @Test
    void submitsAreDecodedAndAnsweredWithUniqueIdsAndMatchingReceipts() throws Exception {
        SmscSimulator simulator = simulator(SmscSimulatorSettings.forTests().withReceiptDelay(Duration.ofMillis(50)));
        Client client = client(simulator, BindType.BIND_TRX, "ftp2sms");

        String gsmId = client.submit("ACME", "32470000001", 0, Gsm7Alphabet.encode("Hello {name} €5 @home"));
        String ucsId = client.submit("ACME", "32470000002", 8, "Привет, 😀".getBytes(StandardCharsets.UTF_16BE));
        String longText = "x".repeat(300);
        String payloadId = client.submit("ACME", "32470000003", 0, new byte[0],
                new OptionalParameter.Message_payload(Gsm7Alphabet.encode(longText)));

        assertThat(List.of(gsmId, ucsId, payloadId)).doesNotHaveDuplicates().doesNotContainNull();
        assertThat(simulator.received())
                .extracting(ReceivedSubmit::destination, ReceivedSubmit::text, ReceivedSubmit::dataCoding, ReceivedSubmit::smscMessageId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("32470000001", "Hello {name} €5 @home", 0, gsmId),
                        org.assertj.core.groups.Tuple.tuple("32470000002", "Привет, 😀", 8, ucsId),
                        org.assertj.core.groups.Tuple.tuple("32470000003", longText, 0, payloadId));
        assertThat(simulator.received()).allSatisfy(r -> assertThat(r.source()).isEqualTo("ACME"));

        List<DeliverSm> receipts = client.take(3);
        assertThat(receipts).allSatisfy(d -> {
            assertThat(d.isSmscDeliveryReceipt()).isTrue();
            DeliveryReceipt receipt = d.getShortMessageAsDeliveryReceipt();
            assertThat(receipt.getFinalStatus()).isEqualTo(DeliveryReceiptState.DELIVRD);
            assertThat(receipt.getError()).isEqualTo("000");
            OptionalParameter.Receipted_message_id id = d.getOptionalParameter(OptionalParameter.Receipted_message_id.class);
            assertThat(id.getValueAsString()).isEqualTo(receipt.getId());
            assertThat(d.getOptionalParameter(OptionalParameter.Message_state.class).getValue())
                    .isEqualTo(MessageState.DELIVERED.value());
        });
        assertThat(receipts).extracting(d -> d.getOptionalParameter(OptionalParameter.Receipted_message_id.class).getValueAsString())
                .containsExactlyInAnyOrder(gsmId, ucsId, payloadId);
        assertThat(receipts).extracting(DeliverSm::getSourceAddr)
                .containsExactlyInAnyOrder("32470000001", "32470000002", "32470000003");
    }

    /** What a benchmark sharing the JVM tells the SMSC's CPU from the gateway's by: jSMPP's server threads too. */
    @Test
    void theSimulatorsThreadsJsmppsServerSideIncludedRunInItsThreadGroup() throws Exception {
        SmscSimulator simulator = simulator(SmscSimulatorSettings.forTests().withReceiptDelay(Duration.ofMillis(10)));
        Client client = client(simulator, BindType.BIND_TRX, "ftp2sms");
        client.submit("ACME", "32470000001", 0, Gsm7Alphabet.encode("hello"));
        client.take(1);

        List<Thread> inGroup = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getThreadGroup() != null
                        && t.getThreadGroup().getName().equals(SmscSimulator.THREAD_GROUP))
                .toList();
        assertThat(inGroup)
                .extracting(Thread::getName)
                .anyMatch(n -> n.startsWith("smsc-sim-accept"))
                .anyMatch(n -> n.startsWith("smsc-sim-receipt"))
                .anyMatch(n -> n.startsWith("PDUReaderWorker"))
                .anyMatch(n -> n.startsWith("pool-"));
        // The client's own jSMPP threads are not the simulator's.
        assertThat(client.deliveredOn).isNotNull();
        assertThat(inGroup).doesNotContain(client.deliveredOn);
    }

    @Test
    void destinationsMatchingTheFailPatternGetAnUndeliverableReceipt() throws Exception {
        SmscSimulator simulator = simulator(SmscSimulatorSettings.forTests().withFailPattern("3249.*"));
        Client client = client(simulator, BindType.BIND_TRX, "ftp2sms");

        String failedId = client.submit("ACME", "32490000001", 0, Gsm7Alphabet.encode("fails"));

        DeliverSm receipt = client.take(1).get(0);
        DeliveryReceipt parsed = receipt.getShortMessageAsDeliveryReceipt();
        assertThat(parsed.getId()).isEqualTo(failedId);
        assertThat(parsed.getFinalStatus()).isEqualTo(DeliveryReceiptState.UNDELIV);
        assertThat(parsed.getError()).isEqualTo(SmscSimulator.FAIL_ERROR);
        assertThat(receipt.getOptionalParameter(OptionalParameter.Message_state.class).getValue())
                .isEqualTo(MessageState.UNDELIVERABLE.value());
    }

    @Test
    void receiptsOfATransmitterBindGoToAReceiverBindOfTheSameSystemId() throws Exception {
        SmscSimulator simulator = simulator(SmscSimulatorSettings.forTests());
        Client transmitter = client(simulator, BindType.BIND_TX, "ftp2sms");
        Client receiver = client(simulator, BindType.BIND_RX, "ftp2sms");

        String id = transmitter.submit("12345", "32470000009", 0, Gsm7Alphabet.encode("split binds"));

        DeliverSm receipt = receiver.take(1).get(0);
        assertThat(receipt.getOptionalParameter(OptionalParameter.Receipted_message_id.class).getValueAsString()).isEqualTo(id);
    }

    @Test
    void anInjectedReplyArrivesAsAMobileOriginatedMessage() throws Exception {
        SmscSimulator simulator = simulator(SmscSimulatorSettings.forTests());
        Client client = client(simulator, BindType.BIND_TRX, "ftp2sms");

        simulator.injectReply("32470000004", "ACME", "STOP à");

        DeliverSm reply = client.take(1).get(0);
        assertThat(reply.isSmscDeliveryReceipt()).isFalse();
        assertThat(reply.getSourceAddr()).isEqualTo("32470000004");
        assertThat(reply.getDestAddress()).isEqualTo("ACME");
        assertThat(reply.getDataCoding()).isEqualTo((byte) 0);
        assertThat(Gsm7Alphabet.decode(reply.getShortMessage())).isEqualTo("STOP à");
    }

    @Test
    void concatenatedPartsAreReassembledByReferenceAndEachPartGetsItsOwnReceipt() throws Exception {
        SmscSimulator simulator = simulator(SmscSimulatorSettings.forTests().withReceiptDelay(Duration.ofMillis(20)));
        Client client = client(simulator, BindType.BIND_TRX, "ftp2sms");

        // Two interleaved messages to the same phone, told apart by their references; parts out of order.
        String a2 = client.submitPart("32470000007", 7, 2, 2, "world!");
        String b1 = client.submitPart("32470000007", 8, 2, 1, "Good ");
        assertThat(simulator.received()).isEmpty();
        String a1 = client.submitPart("32470000007", 7, 2, 1, "Hello ");
        String b2 = client.submitPart("32470000007", 8, 2, 2, "bye");

        assertThat(simulator.received()).extracting(ReceivedSubmit::text, ReceivedSubmit::parts, ReceivedSubmit::partMessageIds)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Hello world!", 2, List.of(a1, a2)),
                        org.assertj.core.groups.Tuple.tuple("Good bye", 2, List.of(b1, b2)));
        assertThat(simulator.acceptedSubmitTimes()).hasSize(4);
        assertThat(client.take(4)).extracting(d -> d.getOptionalParameter(OptionalParameter.Receipted_message_id.class).getValueAsString())
                .containsExactlyInAnyOrder(a1, a2, b1, b2);
    }

    @Test
    void submitsBeyondTheRateAreThrottled() throws Exception {
        SmscSimulator simulator = simulator(SmscSimulatorSettings.forTests().withMaxSubmitsPerSecond(3));
        Client client = client(simulator, BindType.BIND_TRX, "ftp2sms");
        for (int i = 0; i < 3; i++) {
            client.submit("ACME", "3247000001" + i, 0, Gsm7Alphabet.encode("ok " + i));
        }

        assertThatThrownBy(() -> client.submit("ACME", "32470000019", 0, Gsm7Alphabet.encode("too fast")))
                .isInstanceOfSatisfying(org.jsmpp.extra.NegativeResponseException.class,
                        e -> assertThat(e.getCommandStatus()).isEqualTo(org.jsmpp.SMPPConstant.STAT_ESME_RTHROTTLED));
        assertThat(simulator.received()).hasSize(3);
        assertThat(simulator.throttledSubmits()).isEqualTo(1);
    }

    @Test
    void theErrorOfFailedReceiptsIsConfigurable() throws Exception {
        SmscSimulator simulator = simulator(SmscSimulatorSettings.forTests().withFailPattern("3249.*").withFailError("027"));
        Client client = client(simulator, BindType.BIND_TRX, "ftp2sms");
        client.submit("ACME", "32490000001", 0, Gsm7Alphabet.encode("absent"));
        assertThat(client.take(1).get(0).getShortMessageAsDeliveryReceipt().getError()).isEqualTo("027");
    }

    @Test
    void aBindWithAWrongPasswordIsRefused() {
        SmscSimulator simulator = simulator(SmscSimulatorSettings.forTests());

        assertThatThrownBy(() -> client(simulator, BindType.BIND_TRX, "wrong")).isInstanceOf(IOException.class)
                .cause().isInstanceOfSatisfying(org.jsmpp.extra.NegativeResponseException.class,
                        e -> assertThat(e.getCommandStatus()).isEqualTo(org.jsmpp.SMPPConstant.STAT_ESME_RINVPASWD));
        assertThat(simulator.boundSessions()).isEmpty();
    }

    @Test
    void closeUnbindsClientsAndFreesThePort() throws Exception {
        SmscSimulator simulator = simulator(SmscSimulatorSettings.forTests());
        int port = simulator.port();
        Client client = client(simulator, BindType.BIND_TRX, "ftp2sms");
        assertThat(simulator.boundSessions()).containsExactly("ftp2sms");

        simulator.close();

        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> !client.session.getSessionState().isBound());
        SmscSimulator again = simulator(SmscSimulatorSettings.forTests().withPort(port));
        assertThat(again.port()).isEqualTo(port);
    }

    /** A plain jSMPP ESME, as an operator's client would be. */
    private static final class Client implements MessageReceiverListener, AutoCloseable {
        final SMPPSession session = new SMPPSession();
        final BlockingQueue<DeliverSm> delivered = new LinkedBlockingQueue<>();

        Client() {
            session.setMessageReceiverListener(this);
        }

        String submit(String source, String destination, int dataCoding, byte[] body, OptionalParameter... tlvs) throws Exception {
            DataCoding coding = new RawDataCoding((byte) dataCoding);
            return session.submitShortMessage("", TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, source,
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, destination, new ESMClass(), (byte) 0, (byte) 0,
                    null, null, new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0, coding, (byte) 0,
                    body, tlvs).getMessageId();
        }

        String submitPart(String destination, int reference, int total, int sequence, String text) throws Exception {
            byte[] body = Gsm7Alphabet.encode(text);
            byte[] sm = new byte[6 + body.length];
            sm[0] = 5;
            sm[2] = 3;
            sm[3] = (byte) reference;
            sm[4] = (byte) total;
            sm[5] = (byte) sequence;
            System.arraycopy(body, 0, sm, 6, body.length);
            return session.submitShortMessage("", TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, "ACME",
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, destination, new ESMClass((byte) 0x40), (byte) 0,
                    (byte) 0, null, null, new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0,
                    new RawDataCoding((byte) 0), (byte) 0, sm).getMessageId();
        }

        /** The client's jSMPP thread the last deliver_sm was handed to. */
        volatile Thread deliveredOn;

        List<DeliverSm> take(int count) throws InterruptedException {
            List<DeliverSm> out = new ArrayList<>();
            while (out.size() < count) {
                DeliverSm next = delivered.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(next).as("deliver_sm %d of %d", out.size() + 1, count).isNotNull();
                out.add(next);
            }
            return out;
        }

        @Override
        public void onAcceptDeliverSm(DeliverSm deliverSm) {
            deliveredOn = Thread.currentThread();
            delivered.add(deliverSm);
        }

        @Override
        public void onAcceptAlertNotification(AlertNotification alertNotification) {
        }

        @Override
        public org.jsmpp.session.DataSmResult onAcceptDataSm(org.jsmpp.bean.DataSm dataSm, Session source) {
            return null;
        }

        @Override
        public void close() {
            session.unbindAndClose();
        }
    }
}
