package org.ftp2sms.bench;

import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SMPP ceiling: a bare jSMPP client, no Kafka, with the dispatcher's window (that many submits in flight, one
 * thread each, as the dispatcher submits) sending {@code messages} one-part texts to an SMSC and waiting for every
 * delivery receipt. Whatever the pipeline does, it cannot send faster than this over the same bind.
 */
final class SmppCeiling {
    private SmppCeiling() {
    }

    /** Submits per second, from the first submit to the last submit_sm_resp, and to the last receipt. */
    record Result(int messages, double submitsPerSecond, double receiptsPerSecond) {
    }

    /** @param whenDone runs after the last receipt, while the bind (and the SMSC's threads serving it) still lives */
    static Result run(
            String host, int port, String systemId, String password, int window, int messages, Runnable whenDone)
            throws Exception {
        AtomicLong receipts = new AtomicLong();
        SMPPSession session = new SMPPSession();
        session.setPduProcessorDegree(window + 2);
        session.setQueueCapacity(10_000);
        session.setMessageReceiverListener(new ReceiptCounter(receipts));
        session.connectAndBind(host, port, new BindParameter(BindType.BIND_TRX, systemId, password, "",
                TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null), 10_000);
        ExecutorService senders = Executors.newFixedThreadPool(window);
        try {
            AtomicInteger next = new AtomicInteger();
            AtomicLong failed = new AtomicLong();
            long start = System.nanoTime();
            for (int t = 0; t < window; t++) {
                senders.execute(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < messages) {
                        try {
                            session.submitShortMessage("", TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, "CEILING",
                                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, String.format("3248%07d", i),
                                    new ESMClass(), (byte) 0, (byte) 0, null, null,
                                    new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0,
                                    new GeneralDataCoding(Alphabet.ALPHA_DEFAULT), (byte) 0,
                                    ("Hello name" + i + ", your code is " + (1000 + i % 9000)).getBytes(StandardCharsets.ISO_8859_1));
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                });
            }
            senders.shutdown();
            senders.awaitTermination(10, TimeUnit.MINUTES);
            long submitted = System.nanoTime();
            long deadline = submitted + TimeUnit.MINUTES.toNanos(5);
            while (receipts.get() < messages - failed.get() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            long received = System.nanoTime();
            whenDone.run();
            if (failed.get() > 0) {
                System.out.printf("ceiling: %d submits failed%n", failed.get());
            }
            return new Result(messages, messages / ((submitted - start) / 1e9), receipts.get() / ((received - start) / 1e9));
        } finally {
            senders.shutdownNow();
            session.unbindAndClose();
        }
    }

    /** Counts delivery receipts; everything else an SMSC could send is ignored. */
    private record ReceiptCounter(AtomicLong receipts) implements MessageReceiverListener {
        @Override
        public void onAcceptDeliverSm(DeliverSm deliverSm) {
            receipts.incrementAndGet();
        }

        @Override
        public void onAcceptAlertNotification(AlertNotification alertNotification) {
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) {
            return null;
        }
    }
}
