package org.ftp2sms.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.ftp2sms.contract.Protocol;
import org.ftp2sms.service.PipelineCounters;

import java.util.Locale;

/**
 * The gateway's counters: logins, uploads and downloads by protocol and outcome; uploads also in the pipeline's
 * files-by-state family ({@code ftp2sms_files_total{stage="ftp-gateway"}}).
 */
final class GatewayMetrics {
    private final MeterRegistry registry;

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    private Counter counter(String name, Protocol protocol, String outcome) {
        // the registry keeps one counter per name and tags, so looking it up per event is cheap
        return registry.counter(name, "protocol", protocol.name().toLowerCase(Locale.ROOT), "outcome", outcome);
    }

    private void upload(Protocol protocol, String outcome) {
        counter("ftp2sms.gateway.uploads", protocol, outcome).increment();
        PipelineCounters.files(registry, "ftp-gateway", outcome).increment();
    }

    void loginOk(Protocol protocol) {
        counter("ftp2sms.gateway.logins", protocol, "ok").increment();
    }

    void loginRefused(Protocol protocol) {
        counter("ftp2sms.gateway.logins", protocol, "refused").increment();
    }

    void uploadAccepted(Protocol protocol) {
        upload(protocol, "accepted");
    }

    /** Cut off or refused by the server (size limit, read-only place). */
    void uploadRefused(Protocol protocol) {
        upload(protocol, "refused");
    }

    /** Ended by the client with an error or a dropped session. */
    void uploadAborted(Protocol protocol) {
        upload(protocol, "aborted");
    }

    /** Taken and stored, but its event could not be published. */
    void uploadUnpublished(Protocol protocol) {
        upload(protocol, "unpublished");
    }

    void download(Protocol protocol) {
        counter("ftp2sms.gateway.downloads", protocol, "ok").increment();
    }
}
