package org.ftp2sms.rules.webhook;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookAddressesTest {

    @Test
    void onlyPublicHttpsUrlsPassByDefault() {
        WebhookAddresses strict = WebhookAddresses.STRICT;
        assertThat(strict.problem("https://hooks.example.com/ftp2sms?x=1")).isEmpty();
        assertThat(strict.problem("https://203.0.113.9/hook")).isEmpty();
        assertThat(strict.problem("http://hooks.example.com/")).hasValue("must be an https URL");
        assertThat(strict.problem("ftp://hooks.example.com/")).isPresent();
        assertThat(strict.problem("https://user:pw@hooks.example.com/")).isPresent();
        assertThat(strict.problem("not a url at all")).isPresent();
        for (String internal : new String[] {"https://127.0.0.1/", "https://127.8.9.10/", "https://[::1]/", "https://localhost/",
                "https://api.localhost/", "https://169.254.169.254/latest/", "https://10.1.2.3/", "https://172.16.0.1/",
                "https://192.168.0.10/", "https://100.64.1.1/", "https://[fd00::1]/", "https://[fe80::1]/", "https://224.0.0.251/",
                "https://0.0.0.0/", "https://[::ffff:10.0.0.1]/", "https://[64:ff9b::a9fe:a9fe]/", "https://255.255.255.255/"}) {
            assertThat(strict.problem(internal)).as(internal).isPresent();
        }
    }

    @Test
    void settingsOpenHttpAndPrivateAddressesForALab() throws Exception {
        WebhookAddresses lab = new WebhookAddresses(true, true);
        assertThat(lab.problem("http://127.0.0.1:8080/hook")).isEmpty();
        assertThat(lab.refused(InetAddress.getByName("10.0.0.1"))).isEmpty();
        assertThat(new WebhookAddresses(true, false).problem("http://10.0.0.1/")).isPresent();
        assertThat(new WebhookAddresses(false, true).problem("http://10.0.0.1/")).hasValue("must be an https URL");
    }

    @Test
    void resolvedAddressesAreJudgedByKind() throws Exception {
        WebhookAddresses strict = WebhookAddresses.STRICT;
        assertThat(strict.refused(InetAddress.getByName("8.8.8.8"))).isEmpty();
        assertThat(strict.refused(InetAddress.getByName("2001:4860:4860::8888"))).isEmpty();
        assertThat(strict.refused(InetAddress.getByName("169.254.169.254"))).get().asString().contains("link-local");
        assertThat(strict.refused(InetAddress.getByName("127.0.0.1"))).get().asString().contains("loopback");
        assertThat(strict.refused(InetAddress.getByName("192.168.1.1"))).get().asString().contains("private");
    }
}
