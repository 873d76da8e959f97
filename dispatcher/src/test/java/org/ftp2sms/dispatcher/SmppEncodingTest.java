package org.ftp2sms.dispatcher;

import org.ftp2sms.contract.Encoding;
import org.ftp2sms.contract.Message;
import org.ftp2sms.rules.sms.Gsm7Alphabet;
import org.ftp2sms.rules.sms.SmsLayouts;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.TypeOfNumber;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SmppEncodingTest {
    private final SubmitSmFactory factory = new SubmitSmFactory();

    @Test
    void senderShapeGivesTheTypeOfNumber() {
        assertThat(SenderAddress.of("ACME")).isEqualTo(new SenderAddress(TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, "ACME"));
        assertThat(SenderAddress.of("+32470123456")).isEqualTo(new SenderAddress(TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "32470123456"));
        assertThat(SenderAddress.of("8850")).isEqualTo(new SenderAddress(TypeOfNumber.NETWORK_SPECIFIC, NumberingPlanIndicator.UNKNOWN, "8850"));
        assertThat(SenderAddress.of(null).address()).isEmpty();
    }

    @Test
    void oneSmsTravelsWholeInShortMessage() {
        SubmitPdu gsm = only(factory.build(message("Hi {you} €", Encoding.GSM7)));
        assertThat(gsm.dataCoding()).isEqualTo((byte) 0);
        assertThat(gsm.esmClass()).isEqualTo((byte) 0);
        assertThat(gsm.shortMessage()).isEqualTo(Gsm7Alphabet.encode("Hi {you} €"));
        assertThat(gsm.optionalParameters()).isEmpty();
        assertThat(gsm.destTon()).isEqualTo(TypeOfNumber.INTERNATIONAL);

        SubmitPdu ucs = only(factory.build(message("Привет", Encoding.UCS2)));
        assertThat(ucs.dataCoding()).isEqualTo((byte) 8);
        assertThat(ucs.shortMessage()).isEqualTo("Привет".getBytes(StandardCharsets.UTF_16BE));
        assertThat(only(factory.build(message("a".repeat(160), Encoding.GSM7))).shortMessage()).hasSize(160);
        assertThat(only(factory.build(message("ж".repeat(70), Encoding.UCS2))).shortMessage()).hasSize(140);
    }

    @Test
    void aLongGsmTextIsSplitIntoUdhPartsOfUnpackedSeptetsWithoutSplittingAnExtensionCharacter() {
        String text = "a".repeat(152) + "€" + "b".repeat(160);
        List<SubmitPdu> pdus = factory.build(new Message("m-77", "f-1", "c-1", "32470123456", "ACME", text, Encoding.GSM7, 3));
        assertThat(pdus).hasSize(3);
        int ref = SubmitSmFactory.referenceOf("m-77");
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < pdus.size(); i++) {
            SubmitPdu pdu = pdus.get(i);
            assertThat(pdu.esmClass()).isEqualTo((byte) 0x40);
            assertThat(pdu.dataCoding()).isEqualTo((byte) 0);
            byte[] sm = pdu.shortMessage();
            assertThat(Arrays.copyOf(sm, 6)).containsExactly(0x05, 0x00, 0x03, ref, 3, i + 1);
            assertThat(sm.length - 6).isLessThanOrEqualTo(153);
            joined.append(Gsm7Alphabet.decode(Arrays.copyOfRange(sm, 6, sm.length)));
        }
        assertThat(Arrays.copyOfRange(pdus.get(0).shortMessage(), 6, pdus.get(0).shortMessage().length)).hasSize(152);
        assertThat(pdus.get(1).shortMessage()[6]).isEqualTo((byte) 0x1B); // € starts part two, whole
        assertThat(joined.toString()).isEqualTo(text);
        assertThat(pdus.size()).isEqualTo(SmsLayouts.of(text).parts());
    }

    @Test
    void aLongUcs2TextIsSplitIntoUdhPartsOf67UnitsKeepingSurrogatePairsWhole() {
        String text = "ж".repeat(66) + "😀" + "ж".repeat(10);
        List<SubmitPdu> pdus = factory.build(message(text, Encoding.UCS2));
        assertThat(pdus).hasSize(2);
        assertThat(pdus.get(0).shortMessage()).hasSize(6 + 132);
        assertThat(pdus.get(1).shortMessage()).hasSize(6 + 24);
        String second = new String(Arrays.copyOfRange(pdus.get(1).shortMessage(), 6, 30), StandardCharsets.UTF_16BE);
        assertThat(second).startsWith("😀");
        assertThat(pdus).allSatisfy(p -> assertThat(p.dataCoding()).isEqualTo((byte) 8));
    }

    @Test
    void aGsmMessageOutsideTheAlphabetIsSentAsUcs2RatherThanGarbled() {
        assertThat(only(factory.build(message("ça", Encoding.GSM7))).dataCoding()).isEqualTo((byte) 8);
    }

    @Test
    void receiptFieldsComeFromTheTlvOrElseTheText() {
        DeliverSm withTlv = receipt("id:ignored sub:001 dlvrd:001 submit date:2601011200 done date:2601011201 stat:DELIVRD err:000 text:x");
        withTlv.setOptionalParameters(new OptionalParameter.Receipted_message_id("abc123"));
        assertThat(DeliveryReceiptFields.of(withTlv)).contains(new DeliveryReceiptFields("abc123", "DELIVRD", "000"));

        DeliverSm textOnly = receipt("id:777 sub:001 dlvrd:000 submit date:2601011200 done date:2601011201 stat:UNDELIV err:001 text:x");
        assertThat(DeliveryReceiptFields.of(textOnly)).contains(new DeliveryReceiptFields("777", "UNDELIV", "001"));
        assertThat(DeliveryReceiptFields.of(receipt("nothing useful"))).isEmpty();
    }

    @Test
    void receiptTextFieldsAreFoundInAnyCaseAtAWordStartWithAValue() {
        String text = "ID:42 sub:001 Submit date:2601011200 done date:2601011201 Stat:delivrd err: err:007 text:id:no";
        assertThat(DeliveryReceiptFields.field(text, "id")).isEqualTo("42");
        assertThat(DeliveryReceiptFields.field(text, "stat")).isEqualTo("delivrd");
        assertThat(DeliveryReceiptFields.field(text, "err"))
                .as("an empty value is skipped")
                .isEqualTo("007");
        assertThat(DeliveryReceiptFields.field(text, "date"))
                .as("the first one")
                .isEqualTo("2601011200");
        assertThat(DeliveryReceiptFields.field("messageid:1 xid:2", "id"))
                .as("not inside a word")
                .isNull();
        assertThat(DeliveryReceiptFields.field("stat:\tDELIVRD", "stat")).isNull();
        assertThat(DeliveryReceiptFields.field("", "id")).isNull();
        assertThat(DeliveryReceiptFields.field("id:a\u000Bb", "id")).isEqualTo("a");
    }

    @Test
    void receiptStatesMapToStatusCodes() {
        assertThat(ReceiptStatuses.of("DELIVRD")).contains(org.ftp2sms.contract.StatusCode.DELIVERED);
        assertThat(ReceiptStatuses.of("UNDELIV").orElseThrow().code()).isBetween(300, 349);
        assertThat(ReceiptStatuses.of("REJECTD").orElseThrow().code()).isEqualTo(330);
        assertThat(ReceiptStatuses.of("EXPIRED").orElseThrow().code()).isEqualTo(350);
        assertThat(ReceiptStatuses.of("DELETED").orElseThrow().code()).isEqualTo(390);
        assertThat(ReceiptStatuses.of("ENROUTE")).isEmpty();
    }

    @Test
    void undeliveredErrorCodesMapToTheMatching3xx() {
        assertThat(ReceiptStatuses.of("UNDELIV", "027")).contains(org.ftp2sms.contract.StatusCode.ABSENT);
        assertThat(ReceiptStatuses.of("UNDELIV", "001")).contains(org.ftp2sms.contract.StatusCode.WRONG_NUMBER);
        assertThat(ReceiptStatuses.of("UNDELIV", "034")).contains(org.ftp2sms.contract.StatusCode.NETWORK);
        assertThat(ReceiptStatuses.of("UNDELIV", "013")).contains(org.ftp2sms.contract.StatusCode.INVALID_DESTINATION);
        assertThat(ReceiptStatuses.of("UNDELIV", "999")).contains(org.ftp2sms.contract.StatusCode.FAILED);
        assertThat(ReceiptStatuses.of("UNDELIV", "xyz")).contains(org.ftp2sms.contract.StatusCode.FAILED);
        assertThat(ReceiptStatuses.of("DELIVRD", "000")).contains(org.ftp2sms.contract.StatusCode.DELIVERED);
    }

    @Test
    void aMultipartMessageIsDeliveredWhenEveryPartIsAndFailsAtTheFirstFailedPart() {
        SentMessages sent = new SentMessages(100);
        SentMessage three = new SentMessage("m-1", "f", "c", "32470000001", java.time.Instant.EPOCH, List.of("a", "b", "c"), "ACME");
        sent.sent(three);
        assertThat(sent.resolve("b", true)).hasValueSatisfying(r -> assertThat(r.isFinal()).isFalse());
        assertThat(sent.resolve("b", true)).isEmpty(); // a repeated receipt settles nothing
        assertThat(sent.resolve("a", true)).hasValueSatisfying(r -> assertThat(r.isFinal()).isFalse());
        assertThat(sent.resolve("c", true)).hasValueSatisfying(r -> {
            assertThat(r.isFinal()).isTrue();
            assertThat(r.message()).isEqualTo(three);
        });

        SentMessage two = new SentMessage("m-2", "f", "c", "32470000002", java.time.Instant.EPOCH, List.of("x", "y"), "ACME");
        sent.sent(two);
        SentMessages.Resolution failed = sent.resolve("y", false).orElseThrow();
        assertThat(failed.isFinal()).isTrue();
        assertThat(failed.settled()).containsExactlyInAnyOrder("x", "y");
        assertThat(sent.resolve("x", true)).isEmpty();
        sent.undo(failed);
        assertThat(sent.awaitingReceipt()).isEqualTo(2);
    }

    @Test
    void replyIdsAreTheSameForTheSameInboundMessage() {
        assertThat(ReplyIds.of("324", "ACME", "STOP", "m-1", null)).isEqualTo(ReplyIds.of("324", "ACME", "STOP", "m-1", null))
                .isNotEqualTo(ReplyIds.of("324", "ACME", "STOP", "m-2", null))
                .isNotEqualTo(ReplyIds.of("324", "ACME", "STOP", "m-1", "77"));
    }

    private static DeliverSm receipt(String text) {
        DeliverSm deliverSm = new DeliverSm();
        deliverSm.setSmscDeliveryReceipt();
        deliverSm.setShortMessage(text.getBytes(StandardCharsets.US_ASCII));
        return deliverSm;
    }

    private static SubmitPdu only(List<SubmitPdu> pdus) {
        assertThat(pdus).hasSize(1);
        return pdus.get(0);
    }

    private static Message message(String text, Encoding encoding) {
        return new Message("m-1", "f-1", "c-1", "32470123456", "ACME", text, encoding, 1);
    }
}
