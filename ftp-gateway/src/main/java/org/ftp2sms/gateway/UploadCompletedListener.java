package org.ftp2sms.gateway;

import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.ftp2sms.contract.Protocol;
import org.ftp2sms.gateway.UploadIntake.Upload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Detects SFTP uploads for the {@link UploadIntake}: a file handle opened for writing and closed normally is a
 * completed upload, taken before the customer's close is answered, so the file vanishes from the listing as the
 * upload ends (one under a temporary name stays, until renamed). The session's {@link SessionUploads} learns of
 * each upload being written, for the stats clients make during an upload. A first write past
 * offset 0 (a resume of a cut transfer) is refused. An upload that passes the size limit is cut off with an SFTP error; an upload closed with an error
 * or left open by a dropped session is deleted. Also logs each download (a file of {@code /exports} read to its end
 * or closed).
 */
final class UploadCompletedListener implements SftpEventListener {
    private static final Logger log = LoggerFactory.getLogger(UploadCompletedListener.class);
    private static final AttributeKey<Upload> UPLOAD = new AttributeKey<>();
    private static final AttributeKey<Boolean> REFUSED = new AttributeKey<>();
    private static final AttributeKey<String> DOWNLOAD = new AttributeKey<>();
    static final String RESUME_REFUSAL = "resuming an upload is not supported: a cut transfer is never kept, upload the whole file again";

    private final UploadIntake intake;
    private final long maxUploadBytes;
    private final GatewayMetrics metrics;

    UploadCompletedListener(UploadIntake intake, long maxUploadBytes, GatewayMetrics metrics) {
        this.intake = intake;
        this.maxUploadBytes = maxUploadBytes;
        this.metrics = metrics;
    }

    @Override
    public void open(ServerSession session, String remoteHandle, Handle localHandle) {
        if (!(localHandle instanceof FileHandle file)) {
            return;
        }
        String customerPath = file.getFile().toAbsolutePath().normalize().toString();
        Set<StandardOpenOption> options = file.getOpenOptions();
        if (!options.contains(StandardOpenOption.WRITE) && !options.contains(StandardOpenOption.APPEND)) {
            file.setAttribute(DOWNLOAD, customerPath);
            return;
        }
        // CustomerFileSystemAccessor refused writes anywhere but directly in / or /preview/, and chose the incoming file
        Path incoming = file.getAttribute(CustomerFileSystemAccessor.INCOMING);
        if (incoming == null) {
            throw new IllegalStateException("upload handle opened without an incoming file: " + customerPath);
        }
        Upload upload = Upload.to(Protocol.SFTP, GatewaySession.connectorId(session), GatewaySession.remote(session),
                customerPath, incoming);
        file.setAttribute(UPLOAD, upload);
        SessionUploads.of(session).writing(upload.customerPath(), incoming);
    }

    @Override
    public void writing(ServerSession session, String remoteHandle, FileHandle localHandle, long offset, byte[] data,
                        int dataOffset, int dataLen) throws IOException {
        Upload upload = localHandle.getAttribute(UPLOAD);
        if (upload == null) {
            return;
        }
        if (localHandle.getAttribute(REFUSED) == null && offset > 0 && localHandle.getFileChannel().size() == 0) {
            // A first write past the start is a resume of an earlier, cut transfer whose bytes were never kept.
            localHandle.setAttribute(REFUSED, Boolean.TRUE);
            intake.refused(upload, "resume at offset " + offset);
            throw new IOException(RESUME_REFUSAL);
        }
        long end = localHandle.isOpenAppend() ? localHandle.getFileChannel().size() + dataLen : offset + dataLen;
        if (end > maxUploadBytes || localHandle.getAttribute(REFUSED) != null) {
            if (localHandle.setAttribute(REFUSED, Boolean.TRUE) == null) {
                intake.refused(upload, "larger than " + maxUploadBytes + " bytes");
            }
            throw new IOException("file too large: uploads are limited to " + maxUploadBytes + " bytes");
        }
    }

    @Override
    public void closed(ServerSession session, String remoteHandle, Handle localHandle, Throwable thrown) throws IOException {
        String download = localHandle.removeAttribute(DOWNLOAD);
        if (download != null) {
            downloaded(session, download, thrown);
            return;
        }
        Upload upload = localHandle.removeAttribute(UPLOAD);
        if (upload == null) {
            return;
        }
        SessionUploads.of(session).closed(upload.customerPath(), upload.localPath());
        if (localHandle.getAttribute(REFUSED) != null) {
            intake.discard(upload);
        } else if (thrown != null) {
            intake.aborted(upload, "closed with error " + thrown);
        } else {
            intake.completed(upload);
        }
    }

    /** A handle still open when its SFTP session ends: the upload did not complete. */
    @Override
    public void exiting(ServerSession session, Handle localHandle) {
        Upload upload = localHandle.removeAttribute(UPLOAD);
        if (upload == null) {
            return;
        }
        SessionUploads.of(session).closed(upload.customerPath(), upload.localPath());
        if (localHandle.getAttribute(REFUSED) != null) {
            intake.discard(upload);
        } else {
            intake.aborted(upload, "session ended before the file was closed");
        }
    }

    private void downloaded(ServerSession session, String customerPath, Throwable thrown) {
        if (thrown == null) {
            metrics.download(Protocol.SFTP);
        }
        log.info("sftp download {}: connectorId={} remote={} file={}", thrown == null ? "done" : "failed",
                GatewaySession.connectorId(session), GatewaySession.remote(session), customerPath);
    }
}
