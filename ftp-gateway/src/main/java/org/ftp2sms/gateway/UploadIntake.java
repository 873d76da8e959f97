package org.ftp2sms.gateway;

import org.ftp2sms.contract.FileArrived;
import org.ftp2sms.contract.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Where both protocols hand their uploads: a completed upload is taken at once out of the customer's home into
 * the store, measured, and announced as {@link FileArrived}; a refused or aborted one is deleted and never
 * announced. The protocol answers the customer only after {@link #completed} returns, so a file the customer
 * was told is done is already durable.
 */
final class UploadIntake {
    private static final Logger log = LoggerFactory.getLogger(UploadIntake.class);

    private final UploadStore store;
    private final ArrivalPublisher publisher;
    private final Clock clock;
    private final GatewayMetrics metrics;

    UploadIntake(UploadStore store, ArrivalPublisher publisher, Clock clock, GatewayMetrics metrics) {
        this.store = store;
        this.publisher = publisher;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** An upload being written: who, from where, the customer's file name, and the file in the home. */
    record Upload(Protocol protocol, String connectorId, String remote, String fileName, Path localPath) {
        String protocolName() {
            return ConnectorLogins.name(protocol);
        }
    }

    /**
     * Takes a completed upload. Throws when it could not be stored: the file then stays in the home and the
     * customer's transfer must end with an error. A stored file whose event cannot be published is kept with its
     * event beside the store (never dropped) and counts as accepted for the customer.
     */
    void completed(Upload upload) throws IOException {
        String fileIngestionId = UUID.randomUUID().toString();
        StoredUpload stored;
        try {
            stored = store.take(upload.localPath(), fileIngestionId);
        } catch (IOException e) {
            log.error("{} upload could not be stored: connectorId={} fileIngestionId={} remote={} file={} error={}",
                    upload.protocolName(), upload.connectorId(), fileIngestionId, upload.remote(), upload.fileName(), e.toString());
            throw e;
        }
        FileArrived event = new FileArrived(fileIngestionId, upload.connectorId(), upload.fileName(),
                stored.path().toString(), stored.sizeBytes(), stored.sha256(), upload.protocol(), clock.instant());
        try {
            publisher.publish(event);
        } catch (ExecutionException | TimeoutException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            keepUnpublished(upload, event, e);
            return;
        }
        metrics.uploadAccepted(upload.protocol());
        log.info("{} upload accepted: connectorId={} fileIngestionId={} remote={} file={} bytes={} sha256={}",
                upload.protocolName(), upload.connectorId(), fileIngestionId, upload.remote(), upload.fileName(),
                stored.sizeBytes(), stored.sha256());
    }

    /** The server cut the upload off (size limit): deleted, never announced. */
    void refused(Upload upload, String reason) {
        metrics.uploadRefused(upload.protocol());
        log.info("{} upload refused: connectorId={} remote={} file={} reason={}",
                upload.protocolName(), upload.connectorId(), upload.remote(), upload.fileName(), reason);
        discard(upload);
    }

    /** The client did not complete the upload (error, dropped connection): deleted, never announced. */
    void aborted(Upload upload, String reason) {
        metrics.uploadAborted(upload.protocol());
        log.info("{} upload aborted: connectorId={} remote={} file={} reason={}",
                upload.protocolName(), upload.connectorId(), upload.remote(), upload.fileName(), reason);
        discard(upload);
    }

    /** Deletes what an already logged refusal or abort left behind. */
    void discard(Upload upload) {
        try {
            Files.deleteIfExists(upload.localPath());
        } catch (IOException e) {
            log.warn("partial upload not deleted: connectorId={} file={} error={}", upload.connectorId(), upload.fileName(), e.toString());
        }
    }

    private void keepUnpublished(Upload upload, FileArrived event, Exception cause) {
        metrics.uploadUnpublished(upload.protocol());
        String kept;
        try {
            kept = store.keepUnpublished(event).toString();
        } catch (IOException e) {
            kept = "not written: " + e;
        }
        // The customer's upload is accepted and stored; only its event is missing.
        log.error("{} upload stored but not published: connectorId={} fileIngestionId={} remote={} file={} storedPath={} event={} error={}",
                upload.protocolName(), event.connectorId(), event.fileIngestionId(), upload.remote(), event.fileName(),
                event.storedPath(), kept, cause.toString());
    }
}
