package org.ftp2sms.gateway;

import org.apache.ftpserver.command.AbstractCommand;
import org.apache.ftpserver.command.impl.PASS;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;
import org.ftp2sms.gateway.ConnectorUserManager.ConnectorUser;

import java.io.IOException;

/**
 * FTPS {@code PASS}: FtpServer's own, then a logged-in session is registered with {@link OpenSessions}, holding
 * the way to close its connection, so that a rotated password or a deleted connector ends it at once.
 */
final class FtpsLoginCommand extends AbstractCommand {
    /** The session's {@link OpenSessions.Open}, as an ftplet session attribute. */
    static final String OPEN = FtpsLoginCommand.class.getName() + ".open";

    private final OpenSessions openSessions;
    private final PASS login = new PASS();

    FtpsLoginCommand(OpenSessions openSessions) {
        this.openSessions = openSessions;
    }

    @Override
    public void execute(FtpIoSession session, FtpServerContext context, FtpRequest request) throws IOException, FtpException {
        login.execute(session, context, request);
        if (session.isLoggedIn() && session.getUser() instanceof ConnectorUser user && session.getAttribute(OPEN) == null) {
            session.setAttribute(OPEN, openSessions.opened(user.connectorId(), user.credentials(), "ftps", session::closeNow));
        }
    }
}
