package org.ftp2sms.gateway;

import org.ftp2sms.contract.FileArrived;
import org.ftp2sms.contract.FileIngestionIds;
import org.ftp2sms.contract.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Where both protocols hand their uploads: a completed upload is taken at once into the store, measured, and
 * announced as {@link FileArrived}; a refused or aborted one is deleted and never announced. An upload under a
 * {@link TemporaryNames temporary name} is kept in the home instead, and taken when it is renamed to a final name.
 * The protocol answers the customer only after {@link #completed} (or {@link #renamed}) returns, so a file the
 * customer was told is done is already durable.
 */
final class UploadIntake {
    private static final Logger log = LoggerFactory.getLogger(UploadIntake.class);

    private final UploadStore store;
    private final ConnectorHomes homes;
    private final TemporaryNames temporaryNames;
    private final TakenFiles takenFiles;
    private final ArrivalPublisher publisher;
    private final Clock clock;
    private final GatewayMetrics metrics;

    UploadIntake(UploadStore store, ConnectorHomes homes, TemporaryNames temporaryNames, TakenFiles takenFiles,
                 ArrivalPublisher publisher, Clock clock, GatewayMetrics metrics) {
        this.store = store;
        this.homes = homes;
        this.temporaryNames = temporaryNames;
        this.takenFiles = takenFiles;
        this.publisher = publisher;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * An upload being written: who, from where, the customer's file name, whether into {@code /preview/} (a dry run),
     * and where its bytes are.
     */
    record Upload(Protocol protocol, String connectorId, String remote, String fileName, boolean dryRun, Path localPath) {
        /** An upload to {@code customerPath} ({@code /name} or {@code /preview/name}). */
        static Upload to(Protocol protocol, String connectorId, String remote, String customerPath, Path localPath) {
            return new Upload(protocol, connectorId, remote, customerPath.substring(customerPath.lastIndexOf('/') + 1),
                    HomePolicy.isDirectlyInPreview(customerPath), localPath);
        }

        String protocolName() {
            return ConnectorLogins.name(protocol);
        }

        String customerPath() {
            return (dryRun ? HomePolicy.PREVIEW_DIR : "") + "/" + fileName;
        }
    }

    boolean isTemporary(String fileName) {
        return temporaryNames.isTemporary(fileName);
    }

    /**
     * A completed upload: taken, unless its name is temporary, in which case it is kept in the home under that
     * name (replacing an older one) for the client to rename. Throws when it could not be stored: the customer's
     * transfer must then end with an error.
     *
     * @return what was taken; empty when the file was kept under its temporary name
     */
    Optional<TakenFile> completed(Upload upload) throws IOException {
        if (!isTemporary(upload.fileName())) {
            return Optional.of(take(upload));
        }
        Path kept = kept(upload.connectorId(), upload.customerPath());
        Files.move(upload.localPath(), kept, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        log.info("{} upload kept under a temporary name until renamed: connectorId={} remote={} file={}",
                upload.protocolName(), upload.connectorId(), upload.remote(), upload.fileName());
        return Optional.empty();
    }

    /**
     * A file kept under a temporary name renamed to a final one: taken under the final name, a dry run when that
     * is in {@code /preview/}. Paths are the customer's ({@code /x.tmp}, {@code /preview/x.csv}). Throws when it could
     * not be stored (the temporary file then stays where it was).
     */
    TakenFile renamed(Protocol protocol, String connectorId, String remote, String temporaryPath, String finalPath)
            throws IOException {
        return take(Upload.to(protocol, connectorId, remote, finalPath, kept(connectorId, temporaryPath)));
    }

    private Path kept(String connectorId, String customerPath) {
        return homes.homeOf(connectorId).resolve(customerPath.substring(1));
    }

    /**
     * Takes an upload into the store and announces it. A stored file whose event cannot be published is kept with
     * its event beside the store (never dropped) and counts as accepted for the customer.
     */
    private TakenFile take(Upload upload) throws IOException {
        String fileIngestionId = FileIngestionIds.next(upload.dryRun());
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
            return remember(upload, stored, event);
        }
        metrics.uploadAccepted(upload.protocol());
        log.info("{} upload accepted: connectorId={} fileIngestionId={} remote={} file={} bytes={} sha256={}",
                upload.protocolName(), upload.connectorId(), fileIngestionId, upload.remote(), upload.customerPath(),
                stored.sizeBytes(), stored.sha256());
        return remember(upload, stored, event);
    }

    private TakenFile remember(Upload upload, StoredUpload stored, FileArrived event) {
        TakenFile taken = new TakenFile(upload.customerPath(), stored.sizeBytes(), event.receivedAt());
        takenFiles.taken(upload.connectorId(), taken);
        return taken;
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
