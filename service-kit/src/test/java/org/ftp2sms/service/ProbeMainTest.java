package org.ftp2sms.service;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeMainTest {

    @Test
    void succeedsOnlyWhenEveryServiceIsReady() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (HealthServer ready = new HealthServer(0, List.of(), registry).start();
             HealthServer starting = new HealthServer(0, List.of(), List.of(), registry).start()) {
            String readyUrl = "http://localhost:" + ready.port() + "/readyz";
            String startingUrl = "http://localhost:" + starting.port() + "/readyz";

            assertThat(ProbeMain.probe(readyUrl)).isTrue();
            assertThat(ProbeMain.probe(readyUrl, startingUrl)).isFalse();
            assertThat(ProbeMain.probe("http://localhost:1/readyz")).as("nothing listening").isFalse();
            assertThat(ProbeMain.probe()).as("nothing to check is no success").isFalse();
        }
    }
}
