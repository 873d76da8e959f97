package org.ftp2sms.gateway;

import org.apache.ftpserver.command.AbstractCommand;
import org.apache.ftpserver.command.Command;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;

import java.io.IOException;

/**
 * FTPS {@code PASV} or {@code EPSV}: FtpServer's own, on a data connection that must resume the control
 * connection's TLS session ({@link TlsReuseCheckedDataConnection}).
 */
final class FtpsPassiveCommand extends AbstractCommand {
    private final Command passive;

    /** @param passive FtpServer's {@code PASV} or {@code EPSV} */
    FtpsPassiveCommand(Command passive) {
        this.passive = passive;
    }

    @Override
    public void execute(FtpIoSession session, FtpServerContext context, FtpRequest request) throws IOException, FtpException {
        TlsReuseCheckedDataConnection.installIn(session, context);
        passive.execute(session, context, request);
    }
}
