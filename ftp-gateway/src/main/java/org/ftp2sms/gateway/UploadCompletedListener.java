package org.ftp2sms.gateway;

import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.file.root.RootedFileSystem;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.ftp2sms.contract.FileArrived;
import org.ftp2sms.contract.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Turns a completed SFTP upload into a {@link FileArrived}: a file handle opened for writing (outside
 * {@code /exports}) and closed normally is taken at once out of the customer's home into the store, measured, and
 * published before the customer's close is answered, so the file vanishes from the listing as the upload ends.
 * An upload that passes the size limit is cut off with an SFTP error; an upload closed with an error or left open
 * by a dropped session is deleted. Neither publishes anything.
 */
final class UploadCompletedListener implements SftpEventListener {
    private static final Logger log = LoggerFactory.getLogger(UploadCompletedListener.class);
    private static final AttributeKey<Upload> UPLOAD = new AttributeKey<>();

    private final UploadStore store;
    private final ArrivalPublisher publisher;
    private final long maxUploadBytes;
    private final Clock clock;
    private final GatewayMetrics metrics;

    UploadCompletedListener(UploadStore store, ArrivalPublisher publisher, long maxUploadBytes, Clock clock, GatewayMetrics metrics) {
        this.store = store;
        this.publisher = publisher;
        this.maxUploadBytes = maxUploadBytes;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** An upload in progress on one file handle. */
    private static final class Upload {
        final String connectorId;
        final String remote;
        final String fileName;
        final Path localPath;
        volatile boolean refused;

        Upload(String connectorId, String remote, String fileName, Path localPath) {
            this.connectorId = connectorId;
            this.remote = remote;
            this.fileName = fileName;
            this.localPath = localPath;
        }
    }

    @Override
    public void open(ServerSession session, String remoteHandle, Handle localHandle) {
        if (!(localHandle instanceof FileHandle file)) {
            return;
        }
        Set<StandardOpenOption> options = file.getOpenOptions();
        if (!options.contains(StandardOpenOption.WRITE) && !options.contains(StandardOpenOption.APPEND)) {
            return;
        }
        Path customerPath = file.getFile().toAbsolutePath().normalize();
        if (isInExports(customerPath)) {
            return;
        }
        file.setAttribute(UPLOAD, new Upload(GatewaySession.connectorId(session), GatewaySession.remote(session),
                customerPath.getFileName().toString(), localPathOf(file.getFile())));
    }

    @Override
    public void writing(ServerSession session, String remoteHandle, FileHandle localHandle, long offset, byte[] data,
                        int dataOffset, int dataLen) throws IOException {
        Upload upload = localHandle.getAttribute(UPLOAD);
        if (upload == null) {
            return;
        }
        long end = localHandle.isOpenAppend() ? localHandle.getFileChannel().size() + dataLen : offset + dataLen;
        if (end > maxUploadBytes || upload.refused) {
            if (!upload.refused) {
                upload.refused = true;
                metrics.uploadRefused();
                log.info("sftp upload refused: connectorId={} remote={} file={} reason=larger than {} bytes",
                        upload.connectorId, upload.remote, upload.fileName, maxUploadBytes);
            }
            throw new IOException("file too large: uploads are limited to " + maxUploadBytes + " bytes");
        }
    }

    @Override
    public void closed(ServerSession session, String remoteHandle, Handle localHandle, Throwable thrown) throws IOException {
        Upload upload = localHandle.removeAttribute(UPLOAD);
        if (upload == null) {
            return;
        }
        if (upload.refused) {
            discard(upload);
        } else if (thrown != null) {
            metrics.uploadAborted();
            log.info("sftp upload aborted: connectorId={} remote={} file={} reason=closed with error {}",
                    upload.connectorId, upload.remote, upload.fileName, thrown.toString());
            discard(upload);
        } else {
            take(upload);
        }
    }

    /** A handle still open when its SFTP session ends: the upload did not complete. */
    @Override
    public void exiting(ServerSession session, Handle localHandle) {
        Upload upload = localHandle.removeAttribute(UPLOAD);
        if (upload == null) {
            return;
        }
        if (!upload.refused) {
            metrics.uploadAborted();
            log.info("sftp upload aborted: connectorId={} remote={} file={} reason=session ended before the file was closed",
                    upload.connectorId, upload.remote, upload.fileName);
        }
        discard(upload);
    }

    private void take(Upload upload) throws IOException {
        String fileIngestionId = UUID.randomUUID().toString();
        StoredUpload stored;
        try {
            stored = store.take(upload.localPath, fileIngestionId);
        } catch (IOException e) {
            // Not taken: the file stays in the home and the customer's close fails, so the customer knows.
            log.error("sftp upload could not be stored: connectorId={} fileIngestionId={} file={} error={}",
                    upload.connectorId, fileIngestionId, upload.fileName, e.toString());
            throw e;
        }
        FileArrived event = new FileArrived(fileIngestionId, upload.connectorId, upload.fileName,
                stored.path().toString(), stored.sizeBytes(), stored.sha256(), Protocol.SFTP, clock.instant());
        try {
            publisher.publish(event);
        } catch (ExecutionException | TimeoutException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            keepUnpublished(event, e);
            return;
        }
        metrics.uploadAccepted();
        log.info("sftp upload accepted: connectorId={} fileIngestionId={} remote={} file={} bytes={}",
                upload.connectorId, fileIngestionId, upload.remote, upload.fileName, stored.sizeBytes());
    }

    private void keepUnpublished(FileArrived event, Exception cause) {
        metrics.uploadUnpublished();
        String kept;
        try {
            kept = store.keepUnpublished(event).toString();
        } catch (IOException e) {
            kept = "not written: " + e;
        }
        // The customer's upload is accepted and stored; only its event is missing.
        log.error("sftp upload stored but not published: connectorId={} fileIngestionId={} file={} storedPath={} event={} error={}",
                event.connectorId(), event.fileIngestionId(), event.fileName(), event.storedPath(), kept, cause.toString());
    }

    private static void discard(Upload upload) {
        try {
            Files.deleteIfExists(upload.localPath);
        } catch (IOException e) {
            log.warn("partial upload not deleted: connectorId={} file={} error={}", upload.connectorId, upload.fileName, e.toString());
        }
    }

    private static boolean isInExports(Path customerPath) {
        return customerPath.getNameCount() > 1 && customerPath.getName(0).toString().equals(ConnectorHomes.EXPORTS);
    }

    /** The host path behind a path of a connector's rooted file system. */
    private static Path localPathOf(Path customerPath) {
        if (!(customerPath.getFileSystem() instanceof RootedFileSystem rooted)) {
            throw new IllegalStateException("uploads are only taken from a connector's home, not from " + customerPath);
        }
        Path root = rooted.getRoot();
        Path local = root;
        for (Path name : customerPath.toAbsolutePath().normalize()) {
            local = local.resolve(name.toString());
        }
        if (!local.normalize().startsWith(root)) {
            throw new IllegalStateException("path outside the home: " + customerPath);
        }
        return local;
    }
}
