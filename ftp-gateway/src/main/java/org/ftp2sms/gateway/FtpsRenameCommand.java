package org.ftp2sms.gateway;

import org.apache.ftpserver.command.AbstractCommand;
import org.apache.ftpserver.command.impl.RNTO;
import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpFile;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;
import org.ftp2sms.contract.Protocol;
import org.ftp2sms.gateway.ConnectorUserManager.ConnectorUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * FTPS {@code RNTO}: a file kept under a temporary name renamed to a final one is taken for processing under the
 * final name, as SFTP's rename does; every other rename is FtpServer's own. {@link FtpsPolicy} has already
 * checked the rename against the {@link HomePolicy}.
 */
final class FtpsRenameCommand extends AbstractCommand {
    private static final Logger log = LoggerFactory.getLogger(FtpsRenameCommand.class);

    private final UploadIntake intake;
    private final RNTO plainRename = new RNTO();

    FtpsRenameCommand(UploadIntake intake) {
        this.intake = intake;
    }

    @Override
    public void execute(FtpIoSession session, FtpServerContext context, FtpRequest request) throws IOException, FtpException {
        FtpFile from = session.getRenameFrom();
        String argument = request.getArgument();
        FtpFile to = from == null || argument == null ? null : session.getFileSystemView().getFile(argument);
        if (to == null || !(session.getUser() instanceof ConnectorUser user) || !from.isFile()
                || !intake.isTemporary(from.getName()) || intake.isTemporary(to.getName())) {
            plainRename.execute(session, context, request);
            return;
        }
        try {
            intake.renamed(Protocol.FTPS, user.connectorId(), FtpsPolicy.remote(session.getFtpletSession()),
                    from.getAbsolutePath(), to.getAbsolutePath());
            session.write(new DefaultFtpReply(FtpReply.REPLY_250_REQUESTED_FILE_ACTION_OKAY,
                    "renamed: " + to.getName() + " taken for processing"));
        } catch (IOException e) {
            log.warn("ftps rename not taken: connectorId={} file={} error={}", user.connectorId(), to.getName(), e.toString());
            session.write(new DefaultFtpReply(FtpReply.REPLY_451_REQUESTED_ACTION_ABORTED,
                    "the file could not be stored: please rename it again"));
        } finally {
            session.resetState();
        }
    }
}
