package org.ftp2sms.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The gateway's counters: logins and uploads, by outcome. */
final class GatewayMetrics {
    private final Counter loginOk;
    private final Counter loginRefused;
    private final Counter uploadAccepted;
    private final Counter uploadRefused;
    private final Counter uploadAborted;
    private final Counter uploadUnpublished;

    GatewayMetrics(MeterRegistry registry) {
        loginOk = Counter.builder("ftp2sms.gateway.logins").tag("protocol", "sftp").tag("result", "ok").register(registry);
        loginRefused = Counter.builder("ftp2sms.gateway.logins").tag("protocol", "sftp").tag("result", "refused").register(registry);
        uploadAccepted = upload(registry, "accepted");
        uploadRefused = upload(registry, "refused");
        uploadAborted = upload(registry, "aborted");
        uploadUnpublished = upload(registry, "unpublished");
    }

    private static Counter upload(MeterRegistry registry, String result) {
        return Counter.builder("ftp2sms.gateway.uploads").tag("protocol", "sftp").tag("result", result).register(registry);
    }

    void loginOk() {
        loginOk.increment();
    }

    void loginRefused() {
        loginRefused.increment();
    }

    void uploadAccepted() {
        uploadAccepted.increment();
    }

    /** Cut off by the server (size limit). */
    void uploadRefused() {
        uploadRefused.increment();
    }

    /** Ended by the client with an error or a dropped session. */
    void uploadAborted() {
        uploadAborted.increment();
    }

    /** Taken and stored, but its event could not be published. */
    void uploadUnpublished() {
        uploadUnpublished.increment();
    }
}
