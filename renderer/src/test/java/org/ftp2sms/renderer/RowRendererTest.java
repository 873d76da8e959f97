package org.ftp2sms.renderer;

import org.ftp2sms.contract.Encoding;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.Mapping;
import org.ftp2sms.contract.connector.SendingOptions;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RowRendererTest {
    private static final Instant RECEIVED = Instant.parse("2026-03-02T10:15:00Z");
    private static final Instant NOW = Instant.parse("2026-03-05T00:00:00Z");
    private final RowRenderer renderer = new RowRenderer(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aRowBecomesAMessageWithTheConnectorsSenderEncodingAndParts() {
        Rendering rendering = renderer.render(row(Map.of("first_name", "Łukasz")), connector("Hi {{ first_name }}", 1));

        assertThat(rendering).isInstanceOf(Rendering.ToSend.class);
        Message message = ((Rendering.ToSend) rendering).message();
        assertThat(message).isEqualTo(new Message("f1-7", "f1", "c1", "32470000001", "ACME", "Hi Łukasz", Encoding.UCS2, 1));
    }

    @Test
    void aMessageOverMaxPartsIsRefusedWith802AtTheRowsEventTime() {
        Rendering rendering = renderer.render(row(Map.of("first_name", "x".repeat(200))), connector("Hi {{ first_name }}", 1));

        Status status = ((Rendering.Refused) rendering).status();
        assertThat(status.statusCode()).isEqualTo(802);
        assertThat(status.messageId()).isEqualTo("f1-7");
        assertThat(status.at()).isEqualTo(RECEIVED);
        assertThat(((Rendering.Refused) rendering).detail()).contains("2 SMS parts");
    }

    @Test
    void aMissingConnectorIsRefusedWith830() {
        Rendering rendering = renderer.render(row(Map.of()), null);

        assertThat(((Rendering.Refused) rendering).status().statusCode()).isEqualTo(830);
    }

    @Test
    void aBrokenTemplateIsRefusedWith804AndAMissingEventTimeFallsBackToTheClock() {
        Row row = new Row("f1", "c1", 7, "32470000001", Map.of(), null);
        Rendering rendering = renderer.render(row, connector("Hi {{ first_name ", 3));

        Status status = ((Rendering.Refused) rendering).status();
        assertThat(status.statusCode()).isEqualTo(804);
        assertThat(status.at()).isEqualTo(NOW);
    }

    private static Row row(Map<String, String> columns) {
        return new Row("f1", "c1", 7, "32470000001", columns, RECEIVED);
    }

    static Connector connector(String template, int maxParts) {
        return new Connector("c1", "test", "ACME", new Mapping("phone", "BE"), template,
                new SendingOptions(maxParts, true, 0, null), null, null, RECEIVED, RECEIVED);
    }
}
