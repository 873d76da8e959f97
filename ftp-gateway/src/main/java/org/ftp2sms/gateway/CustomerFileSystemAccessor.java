package org.ftp2sms.gateway;

import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;
import org.ftp2sms.contract.Protocol;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.security.Principal;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Applies the {@link HomePolicy} to SFTP: uploads only directly in {@code /} or {@code /preview}, {@code /exports} read-only, no
 * directories made or removed, no rename over a file, no links (the classic way out of a chroot). The rooted file
 * system already keeps {@code ..} and absolute paths inside the home. Appending (a resume) is refused: a cut
 * transfer is never kept. A file kept under a temporary name and renamed to a final one is taken under that name.
 */
final class CustomerFileSystemAccessor implements SftpFileSystemAccessor {
    /** Where the bytes of an upload handle really go: a fresh file of the store's incoming directory. */
    static final AttributeKey<Path> INCOMING = new AttributeKey<>();

    private final UploadStore store;
    private final UploadIntake intake;

    CustomerFileSystemAccessor(UploadStore store, UploadIntake intake) {
        this.store = store;
        this.intake = intake;
    }

    @Override
    public SeekableByteChannel openFile(SftpSubsystemProxy subsystem, FileHandle fileHandle, Path file, String handle,
                                        Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
        if (!options.contains(StandardOpenOption.WRITE) && !options.contains(StandardOpenOption.APPEND)) {
            return SftpFileSystemAccessor.super.openFile(subsystem, fileHandle, file, handle, options, attrs);
        }
        refuseIf(file, HomePolicy.uploadRefusal(customerPath(file)));
        if (fileHandle == null) {
            return truncation(subsystem.getServerSession(), file, options);
        }
        if (options.contains(StandardOpenOption.APPEND)) {
            refuseIf(file, Optional.of(UploadCompletedListener.RESUME_REFUSAL));
        }
        // An upload never lands in the home: it is written beside the store and taken from there when closed.
        Path incoming = store.newIncoming();
        Set<OpenOption> write = new HashSet<>(options);
        write.remove(StandardOpenOption.CREATE_NEW);
        write.add(StandardOpenOption.CREATE);
        SeekableByteChannel channel = Files.newByteChannel(incoming, write);
        fileHandle.setAttribute(INCOMING, incoming);
        return channel;
    }

    /**
     * sshd opens a file without a handle only to change its size (SETSTAT/FSETSTAT with a size): an upload this
     * session is writing is truncated where its bytes are; a file kept in the home as itself.
     */
    private static SeekableByteChannel truncation(ServerSession session, Path file, Set<? extends OpenOption> options)
            throws IOException {
        Optional<Path> incoming = SessionUploads.of(session).incomingOf(customerPath(file));
        if (incoming.isPresent()) {
            return Files.newByteChannel(incoming.get(), StandardOpenOption.WRITE);
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(customerPath(file));
        }
        Set<OpenOption> write = new HashSet<>(options);
        write.remove(StandardOpenOption.CREATE);
        write.remove(StandardOpenOption.CREATE_NEW);
        return Files.newByteChannel(file, write);
    }

    @Override
    public void createDirectory(SftpSubsystemProxy subsystem, Path path) throws IOException {
        refuseIf(path, HomePolicy.mkdirRefusal());
    }

    @Override
    public void removeFile(SftpSubsystemProxy subsystem, Path path, boolean isDirectory) throws IOException {
        refuseIf(path, isDirectory ? HomePolicy.rmdirRefusal() : HomePolicy.deleteRefusal(customerPath(path)));
        SftpFileSystemAccessor.super.removeFile(subsystem, path, isDirectory);
    }

    @Override
    public void renameFile(SftpSubsystemProxy subsystem, Path oldPath, Path newPath, Collection<CopyOption> opts) throws IOException {
        if (Files.isDirectory(oldPath, LinkOption.NOFOLLOW_LINKS)) {
            refuseIf(oldPath, Optional.of("directories cannot be renamed"));
        }
        refuseIf(newPath, HomePolicy.renameRefusal(customerPath(oldPath), customerPath(newPath),
                Files.exists(newPath, LinkOption.NOFOLLOW_LINKS)));
        String oldName = String.valueOf(oldPath.getFileName());
        String newName = String.valueOf(newPath.getFileName());
        if (intake.isTemporary(oldName) && !intake.isTemporary(newName) && Files.isRegularFile(oldPath, LinkOption.NOFOLLOW_LINKS)) {
            ServerSession session = subsystem.getServerSession();
            intake.renamed(Protocol.SFTP, GatewaySession.connectorId(session), GatewaySession.remote(session),
                    customerPath(oldPath), customerPath(newPath));
            return;
        }
        SftpFileSystemAccessor.super.renameFile(subsystem, oldPath, newPath, opts);
    }

    @Override
    public void copyFile(SftpSubsystemProxy subsystem, Path src, Path dst, Collection<CopyOption> opts) throws IOException {
        refuseIf(dst, Optional.of("server-side copy is not allowed"));
    }

    @Override
    public void createLink(SftpSubsystemProxy subsystem, Path link, Path existing, boolean symLink) throws IOException {
        refuseIf(link, HomePolicy.linkRefusal());
    }

    @Override
    public void setFileAttribute(SftpSubsystemProxy subsystem, Path file, String view, String attribute, Object value,
                                 LinkOption... options) throws IOException {
        // Permissions, owners and times are the server's; clients that set them after a put get a quiet success.
    }

    @Override
    public void setFilePermissions(SftpSubsystemProxy subsystem, Path path, Set<PosixFilePermission> perms,
                                   LinkOption... options) {
        // see setFileAttribute
    }

    @Override
    public void setFileOwner(SftpSubsystemProxy subsystem, Path path, Principal owner, LinkOption... options) {
        // see setFileAttribute
    }

    @Override
    public void setGroupOwner(SftpSubsystemProxy subsystem, Path path, Principal group, LinkOption... options) {
        // see setFileAttribute
    }

    @Override
    public void setFileAccessControl(SftpSubsystemProxy subsystem, Path path, List<AclEntry> acl, LinkOption... options) {
        // see setFileAttribute
    }

    private static String customerPath(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }

    private static void refuseIf(Path path, Optional<String> refusal) throws AccessDeniedException {
        if (refusal.isPresent()) {
            throw new AccessDeniedException(customerPath(path), null, refusal.get());
        }
    }
}
