package org.ftp2sms.dispatcher;

import org.ftp2sms.service.Env;
import org.ftp2sms.service.SettingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmscRoutesTest {
    @TempDir
    Path dir;

    @Test
    void readsAYamlRoutesFileWithPasswordsFromTheEnvironmentAndAFile() throws IOException {
        Files.writeString(dir.resolve("be.password"), "s3cret\n");
        Path file = Files.writeString(dir.resolve("routes.yaml"), """
                routes:
                  - name: be
                    host: smsc-be.example.net
                    systemId: acme
                    passwordFile: be.password
                    binds: 2
                    window: 20
                    maxSubmitsPerSecond: 100
                    prefixes: ["32", "3247"]
                    fallback: intl
                  - name: intl
                    host: smsc.example.com
                    port: 3550
                    systemId: acme-intl
                    passwordEnv: INTL_PASSWORD
                    bindType: TRANSMITTER
                    tls: true
                    default: true
                  - name: be-mobile
                    host: smsc-be.example.net
                    systemId: acme2
                    passwordEnv: INTL_PASSWORD
                    prefixes: ["32475"]
                """);

        SmscRoutes routes = SmscRoutes.read(file, new Env(Map.of("INTL_PASSWORD", "pw")));

        SmscRoute be = routes.named("be").orElseThrow();
        assertThat(be.password()).isEqualTo("s3cret");
        assertThat(be.port()).isEqualTo(2775);
        assertThat(be.binds()).isEqualTo(2);
        assertThat(be.bindType()).isEqualTo(SmscBindType.TRANSCEIVER);
        SmscRoute intl = routes.named("intl").orElseThrow();
        assertThat(intl.password()).isEqualTo("pw");
        assertThat(intl.tls()).isTrue();
        assertThat(intl.bindType()).isEqualTo(SmscBindType.TRANSMITTER);
        // The longest prefix wins; no prefix: the default route.
        assertThat(routes.forDestination("32475123456").name()).isEqualTo("be-mobile");
        assertThat(routes.forDestination("32476123456").name()).isEqualTo("be");
        assertThat(routes.forDestination("3221234567").name()).isEqualTo("be");
        assertThat(routes.forDestination("33612345678").name()).isEqualTo("intl");
        assertThat(routes.totalWindow()).isEqualTo(2 * 20 + 50 + 50);
    }

    @Test
    void aPasswordWrittenInTheFileIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("routes.json"), """
                {"routes": [{"name": "a", "host": "h", "systemId": "s", "password": "oops"}]}""");
        assertThatThrownBy(() -> SmscRoutes.read(file, new Env(Map.of())))
                .isInstanceOf(SettingsException.class).hasMessageContaining("passwords do not belong in the routes file")
                .hasMessageNotContaining("oops");
    }

    @Test
    void refusesAmbiguousOrDanglingRoutes() throws IOException {
        assertThatThrownBy(() -> read("""
                {"routes": [{"name": "a", "host": "h", "systemId": "s", "passwordEnv": "P"},
                            {"name": "b", "host": "h", "systemId": "s", "passwordEnv": "P"}]}"""))
                .hasMessageContaining("exactly one route must be the default");
        assertThatThrownBy(() -> read("""
                {"routes": [{"name": "a", "host": "h", "systemId": "s", "passwordEnv": "P", "default": true, "fallback": "x"}]}"""))
                .hasMessageContaining("fallback x is not a route");
        assertThatThrownBy(() -> read("""
                {"routes": [{"name": "a", "host": "h", "systemId": "s", "passwordEnv": "P", "default": true, "prefixes": ["+32"]}]}"""))
                .hasMessageContaining("1 to 15 digits");
        assertThatThrownBy(() -> read("""
                {"routes": [{"name": "a", "host": "h", "systemId": "s", "passwordEnv": "MISSING", "default": true}]}"""))
                .hasMessageContaining("MISSING").hasMessageContaining("not set");
        assertThatThrownBy(() -> read("""
                {"routes": [{"name": "a", "host": "h", "systemId": "s", "passwordEnv": "P", "prefixes": ["32"], "default": true},
                            {"name": "b", "host": "h", "systemId": "s", "passwordEnv": "P", "prefixes": ["32"]}]}"""))
                .hasMessageContaining("prefix 32 is served by both a and b");
    }

    @Test
    void theSingleSmscVariablesAreOneDefaultRoute() {
        DispatcherSettings settings = DispatcherSettings.fromEnv(new Env(Map.of("FTP2SMS_KAFKA_BOOTSTRAP", "k:9092",
                "FTP2SMS_INSTANCE_ID", "i", "FTP2SMS_SMSC_HOST", "smsc", "FTP2SMS_SMSC_BINDS", "3", "FTP2SMS_SMPP_WINDOW", "7",
                "FTP2SMS_DISPATCHER_GROUP_ID", "g", "FTP2SMS_DISPATCHER_CALENDAR_APPLICATION_ID", "a")));
        assertThat(settings.routes().all()).singleElement().satisfies(r -> {
            assertThat(r.host()).isEqualTo("smsc");
            assertThat(r.binds()).isEqualTo(3);
            assertThat(r.isDefault()).isTrue();
        });
        assertThat(settings.window()).isEqualTo(21);
        assertThat(settings.groupId()).isEqualTo("g");
        assertThat(settings.calendarApplicationId()).isEqualTo("a");
        assertThat(settings.routes().forDestination("32470000000").name()).isEqualTo("smsc");
    }

    private SmscRoutes read(String json) throws IOException {
        return SmscRoutes.read(Files.writeString(dir.resolve("r.json"), json), new Env(Map.of("P", "pw")));
    }
}
