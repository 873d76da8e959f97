package org.ftp2sms.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.ftp2sms.contract.Protocol;

import java.util.Locale;

/** The gateway's counters: logins, uploads and downloads, by protocol and outcome. */
final class GatewayMetrics {
    private final MeterRegistry registry;

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    private Counter counter(String name, Protocol protocol, String result) {
        // the registry keeps one counter per name and tags, so looking it up per event is cheap
        return registry.counter(name, "protocol", protocol.name().toLowerCase(Locale.ROOT), "result", result);
    }

    void loginOk(Protocol protocol) {
        counter("ftp2sms.gateway.logins", protocol, "ok").increment();
    }

    void loginRefused(Protocol protocol) {
        counter("ftp2sms.gateway.logins", protocol, "refused").increment();
    }

    void uploadAccepted(Protocol protocol) {
        counter("ftp2sms.gateway.uploads", protocol, "accepted").increment();
    }

    /** Cut off or refused by the server (size limit, read-only place). */
    void uploadRefused(Protocol protocol) {
        counter("ftp2sms.gateway.uploads", protocol, "refused").increment();
    }

    /** Ended by the client with an error or a dropped session. */
    void uploadAborted(Protocol protocol) {
        counter("ftp2sms.gateway.uploads", protocol, "aborted").increment();
    }

    /** Taken and stored, but its event could not be published. */
    void uploadUnpublished(Protocol protocol) {
        counter("ftp2sms.gateway.uploads", protocol, "unpublished").increment();
    }

    void download(Protocol protocol) {
        counter("ftp2sms.gateway.downloads", protocol, "ok").increment();
    }
}
