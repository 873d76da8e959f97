package org.ftp2sms.smsc;

import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.util.DeliveryReceiptState;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ReceiptTextTest {
    private static final Instant SUBMITTED = Instant.parse("2026-01-02T03:04:59Z");
    private static final Instant DONE = Instant.parse("2026-01-02T03:05:00Z");

    @Test
    void writesTheAppendixBTextWithUtcDates() {
        assertThat(ReceiptText.of("a1b2", true, SUBMITTED, DONE, "DELIVRD", "000", "Hello Ann"))
                .isEqualTo(
                        "id:a1b2 sub:001 dlvrd:001 submit date:2601020304 done date:2601020305 stat:DELIVRD err:000 text:Hello Ann");
    }

    @Test
    void readsBackWithJsmppsOwnParser() throws Exception {
        DeliveryReceipt parsed =
                new DeliveryReceipt(ReceiptText.of("77", false, SUBMITTED, DONE, "UNDELIV", "001", "x"));

        assertThat(parsed.getId()).isEqualTo("77");
        assertThat(parsed.getSubmitted()).isEqualTo(1);
        assertThat(parsed.getDelivered()).isZero();
        assertThat(parsed.getFinalStatus()).isEqualTo(DeliveryReceiptState.UNDELIV);
        assertThat(parsed.getError()).isEqualTo("001");
        assertThat(parsed.getText()).isEqualTo("x");
        assertThat(parsed.getSubmitDate()).isNotNull();
        assertThat(parsed.getDoneDate()).isNotNull();
    }
}
