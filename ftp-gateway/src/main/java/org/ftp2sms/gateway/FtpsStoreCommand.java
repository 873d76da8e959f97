package org.ftp2sms.gateway;

import org.apache.ftpserver.command.AbstractCommand;
import org.apache.ftpserver.ftplet.DataConnection;
import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.FtpFile;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;
import org.apache.ftpserver.impl.IODataConnectionFactory;
import org.ftp2sms.contract.Protocol;
import org.ftp2sms.gateway.ConnectorUserManager.ConnectorUser;
import org.ftp2sms.gateway.UploadIntake.Upload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * FTPS upload ({@code STOR}), replacing FtpServer's own so an upload is taken and announced BEFORE the client
 * hears {@code 226}, exactly as SFTP answers the close only once the file is taken. The bytes go to a fresh file
 * beside the store (never into the home), the transfer is cut off with {@code 552} as soon as it passes the size
 * limit, and a transfer that ends with an error is aborted: neither is ever announced.
 */
final class FtpsStoreCommand extends AbstractCommand {
    private static final Logger log = LoggerFactory.getLogger(FtpsStoreCommand.class);

    private final UploadStore store;
    private final UploadIntake intake;
    private final long maxUploadBytes;

    FtpsStoreCommand(UploadStore store, UploadIntake intake, long maxUploadBytes) {
        this.store = store;
        this.intake = intake;
        this.maxUploadBytes = maxUploadBytes;
    }

    @Override
    public void execute(FtpIoSession session, FtpServerContext context, FtpRequest request) throws IOException {
        try {
            store(session, request);
        } finally {
            session.resetState();
            session.getDataConnection().closeDataConnection();
        }
    }

    private void store(FtpIoSession session, FtpRequest request) throws IOException {
        if (!(session.getUser() instanceof ConnectorUser user)) {
            reply(session, FtpReply.REPLY_530_NOT_LOGGED_IN, "not logged in");
            return;
        }
        String argument = request.getArgument();
        if (argument == null || argument.isBlank()) {
            reply(session, FtpReply.REPLY_501_SYNTAX_ERROR_IN_PARAMETERS_OR_ARGUMENTS, "STOR needs a file name");
            return;
        }
        if (session.getDataConnection() instanceof IODataConnectionFactory data && data.getInetAddress() == null) {
            reply(session, FtpReply.REPLY_503_BAD_SEQUENCE_OF_COMMANDS, "PASV or EPSV must be issued first");
            return;
        }
        if (session.getFileOffset() != 0) {
            reply(session, FtpReply.REPLY_504_COMMAND_NOT_IMPLEMENTED_FOR_THAT_PARAMETER,
                    "resuming an upload (REST) is not supported: upload the whole file again");
            return;
        }
        FtpFile file;
        try {
            file = session.getFileSystemView().getFile(argument);
        } catch (Exception e) {
            file = null;
        }
        String customerPath = file == null ? null : file.getAbsolutePath();
        Optional<String> refusal = customerPath == null ? Optional.of("not a valid file name")
                : HomePolicy.uploadRefusal(customerPath);
        if (refusal.isEmpty() && file.isDirectory()) {
            refusal = Optional.of("a directory has that name");
        }
        String remote = FtpsPolicy.remote(session.getFtpletSession());
        if (refusal.isPresent()) {
            log.info("ftps upload refused: connectorId={} remote={} file={} reason={}",
                    user.connectorId(), remote, argument, refusal.get());
            reply(session, FtpReply.REPLY_553_REQUESTED_ACTION_NOT_TAKEN_FILE_NAME_NOT_ALLOWED, refusal.get());
            return;
        }
        Upload upload = Upload.to(Protocol.FTPS, user.connectorId(), remote, customerPath, store.newIncoming());

        session.write(new DefaultFtpReply(FtpReply.REPLY_150_FILE_STATUS_OKAY, "opening data connection for " + customerPath))
                .awaitUninterruptibly(10_000);
        DataConnection dataConnection;
        try {
            dataConnection = session.getDataConnection().openConnection();
        } catch (Exception e) {
            reply(session, FtpReply.REPLY_425_CANT_OPEN_DATA_CONNECTION, e instanceof TlsReuseCheckedDataConnection.NotResumed
                    ? e.getMessage() : "cannot open the data connection");
            return;
        }
        try (OutputStream out = new LimitedOutputStream(Files.newOutputStream(upload.localPath()), maxUploadBytes)) {
            dataConnection.transferFromClient(session.getFtpletSession(), out);
        } catch (TooLarge e) {
            intake.refused(upload, "larger than " + maxUploadBytes + " bytes");
            reply(session, FtpReply.REPLY_552_REQUESTED_FILE_ACTION_ABORTED_EXCEEDED_STORAGE,
                    "file too large: uploads are limited to " + maxUploadBytes + " bytes; nothing was kept");
            return;
        } catch (IOException e) {
            intake.aborted(upload, "transfer ended with " + e);
            reply(session, FtpReply.REPLY_426_CONNECTION_CLOSED_TRANSFER_ABORTED, "transfer aborted; nothing was kept");
            return;
        }
        Optional<TakenFile> taken;
        try {
            taken = intake.completed(upload);
        } catch (IOException e) {
            intake.discard(upload);
            reply(session, FtpReply.REPLY_451_REQUESTED_ACTION_ABORTED, "the upload could not be stored: please send it again");
            return;
        }
        reply(session, FtpReply.REPLY_226_CLOSING_DATA_CONNECTION, "transfer complete: " + file.getName()
                + (taken.isPresent() ? " taken for processing" : " kept under its temporary name until renamed"));
    }

    private static void reply(FtpIoSession session, int code, String message) {
        session.write(new DefaultFtpReply(code, message));
    }

    /** Thrown by the stream the moment an upload passes the limit, so the transfer stops right there. */
    static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("upload larger than " + limit + " bytes");
        }
    }

    private static final class LimitedOutputStream extends FilterOutputStream {
        private final long limit;
        private long written;

        LimitedOutputStream(OutputStream out, long limit) {
            super(out);
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            count(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            count(len);
            out.write(b, off, len);
        }

        private void count(int n) throws TooLarge {
            written += n;
            if (written > limit) {
                throw new TooLarge(limit);
            }
        }
    }
}
