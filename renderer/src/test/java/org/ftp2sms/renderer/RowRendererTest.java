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
        assertThat(message)
                .as("carries its file's arrival, where upload-to-submit latency starts")
                .isEqualTo(new Message(
                        "f1-7", "f1", "c1", "32470000001", "ACME", "Hi Łukasz", Encoding.UCS2, 1, RECEIVED));
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

    @Test
    void aMissingVariableRendersEmpty() {
        Rendering rendering = renderer.render(row(Map.of("first_name", "Ann")), connector("Hi {{ first_name }}{{ nickname }}!", 1));

        assertThat(((Rendering.ToSend) rendering).message().text()).isEqualTo("Hi Ann!");
    }

    @Test
    void anEmptyMessageIsRefusedWith803() {
        Rendering rendering = renderer.render(row(Map.of("note", "  ")), connector("{{ note }}", 1));

        assertThat(((Rendering.Refused) rendering).status().statusReason()).isEqualTo("803-empty-message");
    }

    @Test
    void aHostileTemplateCostsEachRowA804NotTheStage() {
        String loops = "{% for i in (1..200) %}{% for j in (1..200) %}{% endfor %}{% endfor %}{{ first_name }}";
        String doubling = "{% assign s = first_name %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}";
        String huge = "{% for i in (1..9000) %}{{ first_name }}{% endfor %}";
        for (String template : new String[] {loops, doubling, huge}) {
            Rendering rendering = renderer.render(row(Map.of("first_name", "Ann")), connector(template, 10));
            assertThat(rendering).as(template).isInstanceOf(Rendering.Refused.class);
            assertThat(((Rendering.Refused) rendering).status().statusReason()).isEqualTo("804-template-error");
        }
        // The same template with a shorter value renders (then is too long for 10 parts): the limits are about the data.
        assertThat(((Rendering.Refused) renderer.render(row(Map.of("first_name", "A")), connector(huge, 10))).status().statusCode())
                .isEqualTo(802);
        assertThat(renderer.render(row(Map.of("first_name", "A")),
                connector("{% for i in (1..100) %}{{ first_name }}{% endfor %}", 1))).isInstanceOf(Rendering.ToSend.class);
    }

    private static Row row(Map<String, String> columns) {
        return new Row("f1", "c1", 7, "32470000001", columns, RECEIVED);
    }

    static Connector connector(String template, int maxParts) {
        return new Connector("c1", "test", "ACME", new Mapping("phone", "BE"), template,
                new SendingOptions(maxParts, true, 0, null), null, null, RECEIVED, RECEIVED);
    }
}
