package org.ftp2sms.dispatcher;

import org.ftp2sms.contract.Encoding;
import org.ftp2sms.contract.Message;
import org.ftp2sms.rules.sms.Gsm7Alphabet;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.TypeOfNumber;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
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
    void oneSmsTravelsInShortMessageAndALongerTextInMessagePayload() {
        SubmitPdu gsm = only(factory.build(message("Hi {you} €", Encoding.GSM7)));
        assertThat(gsm.dataCoding()).isEqualTo((byte) 0);
        assertThat(gsm.shortMessage()).isEqualTo(Gsm7Alphabet.encode("Hi {you} €"));
        assertThat(gsm.optionalParameters()).isEmpty();
        assertThat(gsm.destTon()).isEqualTo(TypeOfNumber.INTERNATIONAL);

        SubmitPdu ucs = only(factory.build(message("Привет", Encoding.UCS2)));
        assertThat(ucs.dataCoding()).isEqualTo((byte) 8);
        assertThat(ucs.shortMessage()).isEqualTo("Привет".getBytes(StandardCharsets.UTF_16BE));

        String longText = "a".repeat(161);
        SubmitPdu lng = only(factory.build(message(longText, Encoding.GSM7)));
        assertThat(lng.shortMessage()).isEmpty();
        assertThat(((OptionalParameter.OctetString) lng.optionalParameters()[0]).getValue()).isEqualTo(Gsm7Alphabet.encode(longText));
        assertThat(only(factory.build(message("a".repeat(160), Encoding.GSM7))).optionalParameters()).isEmpty();
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
    void receiptStatesMapToStatusCodes() {
        assertThat(ReceiptStatuses.of("DELIVRD")).contains(org.ftp2sms.contract.StatusCode.DELIVERED);
        assertThat(ReceiptStatuses.of("UNDELIV").orElseThrow().code()).isBetween(300, 349);
        assertThat(ReceiptStatuses.of("REJECTD").orElseThrow().code()).isEqualTo(330);
        assertThat(ReceiptStatuses.of("EXPIRED").orElseThrow().code()).isEqualTo(350);
        assertThat(ReceiptStatuses.of("DELETED").orElseThrow().code()).isEqualTo(390);
        assertThat(ReceiptStatuses.of("ENROUTE")).isEmpty();
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
