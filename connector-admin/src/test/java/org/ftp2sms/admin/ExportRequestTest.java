package org.ftp2sms.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ftp2sms.contract.ExportRequested;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/v1/exports/{connectorId}/{date}} queues an {@link ExportRequested} for the status-aggregator. */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportRequestTest {
    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    private TestKafka kafka;
    private ConnectorAdminStage stage;
    private AdminHttp api;

    @BeforeAll
    void start(TestKafka kafka) {
        this.kafka = kafka;
        stage = new ConnectorAdminStage(new AdminSettings(kafka.settings(), 0, AdminApiTest.TOKEN, "localhost", 2222, 2121, TestStorage.isolated()),
                new SimpleMeterRegistry(), Clock.fixed(NOW, ZoneOffset.UTC));
        stage.start();
        api = new AdminHttp(stage.httpPort(), AdminApiTest.TOKEN);
    }

    @AfterAll
    void stop() {
        stage.close();
    }

    @Test
    void aDayOfAConnectorIsQueuedForTheAggregator() {
        String id = api.expect(201, "POST", "/api/v1/connectors", AdminApiTest.VALID).get("id").asText();

        JsonNode accepted = api.expect(202, "POST", "/api/v1/exports/" + id + "/2026-03-01", null);

        assertThat(accepted.get("files")).extracting(JsonNode::asText)
                .containsExactly("exports/status_2026-03-01.csv", "exports/received_2026-03-01.csv");
        List<ExportRequested> requests = kafka.awaitValues(Topics.EXPORT_REQUESTS, ExportRequested.class,
                r -> id.equals(r.connectorId()), 1, Duration.ofSeconds(30));
        assertThat(requests.get(0).date()).isEqualTo(LocalDate.parse("2026-03-01"));
        assertThat(requests.get(0).requestedAt()).isEqualTo(NOW);
        api.expect(202, "POST", "/api/v1/exports/" + id + "/2026-03-02", null); // today (UTC) so far
    }

    @Test
    void aBadDayAFutureDayOrAnUnknownConnectorIsRefused() {
        String id = api.expect(201, "POST", "/api/v1/connectors", AdminApiTest.VALID).get("id").asText();

        assertThat(api.expect(400, "POST", "/api/v1/exports/" + id + "/01-03-2026", null).toString()).contains("YYYY-MM-DD");
        assertThat(api.expect(400, "POST", "/api/v1/exports/" + id + "/2026-03-03", null).toString()).contains("future");
        api.expect(404, "POST", "/api/v1/exports/no-such-connector/2026-03-01", null);
        assertThat(kafka.valuesNow(Topics.EXPORT_REQUESTS, ExportRequested.class, r -> id.equals(r.connectorId()))).isEmpty();
    }
}
