package org.ftp2sms.gateway;

import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;

/** Customers may not create links: a link is the classic way to point out of a chrooted home. */
final class NoLinksFileSystemAccessor implements SftpFileSystemAccessor {

    @Override
    public void createLink(SftpSubsystemProxy subsystem, Path link, Path existing, boolean symLink) throws IOException {
        throw new AccessDeniedException(link.toString(), null, "links are not allowed");
    }
}
