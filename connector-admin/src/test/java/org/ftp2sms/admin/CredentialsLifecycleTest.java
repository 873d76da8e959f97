package org.ftp2sms.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ftp2sms.contract.json.Json;
import org.ftp2sms.gateway.FtpGatewayStage;
import org.ftp2sms.gateway.GatewaySettings;
import org.ftp2sms.service.Env;
import org.ftp2sms.testkit.FreePorts;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.OpenSshSftp;
import org.ftp2sms.testkit.TestKafka;
import org.ftp2sms.testkit.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The credentials the API hands out, used by the real OpenSSH client against a real gateway: they work, a rotation
 * retires the old ones, a deletion ends the login; and a password is never in a topic, a log line or a GET.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CredentialsLifecycleTest {
    private TestKafka kafka;
    private FtpGatewayStage gateway;
    private ConnectorAdminStage admin;
    private AdminHttp api;
    private CapturedLogs logs;
    @TempDir
    static Path dataDir;
    @TempDir
    Path keys;

    @BeforeAll
    void start(TestKafka kafka) {
        this.kafka = kafka;
        logs = new CapturedLogs();
        gateway = new FtpGatewayStage(GatewaySettings.fromEnv(new Env(Map.of(
                "FTP2SMS_KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
                "FTP2SMS_DATA_DIR", dataDir.toString(),
                "FTP2SMS_SFTP_BIND", "127.0.0.1",
                "FTP2SMS_SFTP_PORT", "0",
                "FTP2SMS_FTPS_PORT", "0",
                "FTP2SMS_FTPS_PASSIVE_PORTS", String.valueOf(FreePorts.next()),
                "FTP2SMS_INSTANCE_ID", TestKafka.unique("gateway")))), new SimpleMeterRegistry());
        gateway.start();
        admin = new ConnectorAdminStage(new AdminSettings(kafka.settings(), 0, AdminApiTest.TOKEN, "127.0.0.1",
                gateway.sftpPort(), 2121, TestStorage.isolated()), new SimpleMeterRegistry());
        admin.start();
        api = new AdminHttp(admin.httpPort(), AdminApiTest.TOKEN);
    }

    @AfterAll
    void stop() {
        if (admin != null) {
            admin.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        logs.close();
    }

    @Test
    void aRotatedPasswordRetiresTheOldOneADeletionEndsTheLoginAndNoPasswordLeaks() {
        JsonNode created = api.expect(201, "POST", "/api/v1/connectors", AdminApiTest.VALID);
        String id = created.get("id").asText();
        JsonNode credentials = created.get("credentials");
        String host = credentials.get("host").asText();
        int port = credentials.get("port").asInt();
        String username = credentials.get("username").asText();
        String first = credentials.get("password").asText();

        assertThat(eventually(() -> sftp(host, port, username, first))).as("login with the returned password").isTrue();

        String second = api.expect(200, "POST", "/api/v1/connectors/" + id + "/credentials", null)
                .get("credentials").get("password").asText();
        assertThat(eventually(() -> sftp(host, port, username, second))).as("login with the new password").isTrue();
        assertThat(sftp(host, port, username, first)).as("login with the old password").isFalse();

        List<String> gets = List.of(api.send("GET", "/api/v1/connectors/" + id, null).body(),
                api.send("GET", "/api/v1/connectors", null).body());
        api.expect(204, "DELETE", "/api/v1/connectors/" + id, null);
        assertThat(sftp(host, port, username, second)).as("login of a deleted connector").isFalse();

        for (String password : List.of(first, second)) {
            assertThat(gets).noneSatisfy(body -> assertThat(body).contains(password));
            assertThat(recordsContaining(password)).as("records holding the password").isEmpty();
            assertThat(logs.lines()).noneSatisfy(line -> assertThat(line).contains(password));
        }
        assertThat(logs.lines()).anySatisfy(line -> assertThat(line).contains("connector password rotated connectorId=" + id));
        assertThat(logs.lines()).anySatisfy(line -> assertThat(line).contains("login ok").contains(id));
    }

    @Test
    void replacedPublicKeysRetireTheOldKey() throws Exception {
        Path firstKey = SshKeys.generate(keys, "first", "ed25519", 0);
        Path secondKey = SshKeys.generate(keys, "second", "ecdsa", 256);
        ObjectNode request = (ObjectNode) Json.mapper().readTree(AdminApiTest.VALID);
        ObjectNode access = request.putObject("access").put("protocol", "SFTP").put("auth", "PUBLIC_KEY");
        access.putArray("publicKeys").add(SshKeys.publicLine(firstKey));
        JsonNode created = api.expect(201, "POST", "/api/v1/connectors", request.toString());
        String id = created.get("id").asText();
        JsonNode credentials = created.get("credentials");
        String host = credentials.get("host").asText();
        int port = credentials.get("port").asInt();
        String username = credentials.get("username").asText();

        assertThat(eventually(() -> sftpKey(host, port, username, firstKey))).as("login with the first key").isTrue();

        api.expect(200, "POST", "/api/v1/connectors/" + id + "/credentials",
                "{ \"publicKeys\": [" + Json.mapper().writeValueAsString(SshKeys.publicLine(secondKey)) + "] }");
        assertThat(eventually(() -> sftpKey(host, port, username, secondKey))).as("login with the second key").isTrue();
        assertThat(sftpKey(host, port, username, firstKey)).as("login with the replaced key").isFalse();
    }

    private static boolean sftp(String host, int port, String username, String password) {
        return OpenSshSftp.withPassword(host, port, username, password).run("pwd").ok();
    }

    private static boolean sftpKey(String host, int port, String username, Path key) {
        return OpenSshSftp.withKey(host, port, username, key).run("pwd").ok();
    }

    /**
     * The gateway applies a connector change from its own view of the topic, a poll after the API answered: a login
     * straight after a change is given three tries (fewer than the gateway's lockout threshold of five failures).
     */
    private static boolean eventually(Supplier<Boolean> login) {
        for (int attempt = 0; attempt < 3; attempt++) {
            if (login.get()) {
                return true;
            }
            sleep();
        }
        return false;
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<String> recordsContaining(String secret) {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        List<String> found = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : new TopicReader(kafka.settings()).recordsNow(RawTopic.topics(kafka.settings()))) {
            if (contains(record.key(), needle) || contains(record.value(), needle)) {
                found.add(record.topic() + "@" + record.partition() + ":" + record.offset());
            }
        }
        return found;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        if (haystack == null) {
            return false;
        }
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(new String(needle, StandardCharsets.ISO_8859_1));
    }
}
