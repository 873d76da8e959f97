package org.ftp2sms.rules.compose;

import org.ftp2sms.contract.Encoding;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.rules.sms.SmsLayout;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MessageComposerTest {

    @Test
    void composesTheRenderedTextWithItsLayout() {
        Composition c = MessageComposer.compose("Hello {{ first_name | capitalize }}, your code is {{ code }}\n", 1,
                Map.of("first_name", "ann", "code", "42"));
        assertThat(c).isEqualTo(new Composition.Composed("Hello Ann, your code is 42", new SmsLayout(Encoding.GSM7, 26, 1)));
    }

    @Test
    void templateErrorIsRefused() {
        Composition c = MessageComposer.compose("Hello {% if %}", 3, Map.of());
        assertThat(c).isInstanceOf(Composition.Refused.class);
        assertThat(((Composition.Refused) c).code()).isEqualTo(StatusCode.TEMPLATE_ERROR);
        assertThat(((Composition.Refused) c).detail()).contains("syntax");
    }

    @Test
    void emptyAfterRenderingIsRefused() {
        Composition c = MessageComposer.compose("{{ note }}  ", 3, Map.of("note", " "));
        assertThat(c).isInstanceOf(Composition.Refused.class);
        assertThat(((Composition.Refused) c).code()).isEqualTo(StatusCode.EMPTY_MESSAGE);
    }

    @Test
    void morePartsThanAllowedIsRefused() {
        Composition c = MessageComposer.compose("{{ text }}", 1, Map.of("text", "a".repeat(161)));
        assertThat(c).isInstanceOf(Composition.Refused.class);
        assertThat(((Composition.Refused) c).code()).isEqualTo(StatusCode.MESSAGE_PARTS_EXCEEDED);
        assertThat(((Composition.Refused) c).detail()).contains("2 SMS parts");
        assertThat(MessageComposer.compose("{{ text }}", 2, Map.of("text", "a".repeat(161))))
                .isInstanceOf(Composition.Composed.class);
    }
}
