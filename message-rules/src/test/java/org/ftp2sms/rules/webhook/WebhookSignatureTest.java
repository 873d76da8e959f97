package org.ftp2sms.rules.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

    @Test
    void matchesTheStandardWebhooksReferenceVector() {
        assertThat(WebhookSignature.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, BODY,
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void verifyRefusesAnotherIdTimestampBodyOrSecret() {
        String secret = WebhookSignature.newSecret();
        String signature = WebhookSignature.sign("e1", 1700000000, BODY, secret);
        assertThat(WebhookSignature.verify("e1", "1700000000", BODY, secret, signature)).isTrue();
        assertThat(WebhookSignature.verify("e1", "1700000000", BODY, secret, "v1,other " + signature)).isTrue();
        assertThat(WebhookSignature.verify("e2", "1700000000", BODY, secret, signature)).isFalse();
        assertThat(WebhookSignature.verify("e1", "1700000001", BODY, secret, signature)).isFalse();
        assertThat(WebhookSignature.verify("e1", "1700000000", "{}".getBytes(StandardCharsets.UTF_8), secret, signature)).isFalse();
        assertThat(WebhookSignature.verify("e1", "1700000000", BODY, WebhookSignature.newSecret(), signature)).isFalse();
        assertThat(WebhookSignature.verify("e1", "nope", BODY, secret, signature)).isFalse();
    }

    @Test
    void generatedSecretsAreStandardAndDistinct() {
        String a = WebhookSignature.newSecret();
        assertThat(a).startsWith("whsec_").hasSize(6 + 44);
        assertThat(WebhookSignature.newSecret()).isNotEqualTo(a);
    }
}
