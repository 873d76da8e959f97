package org.ftp2sms.gateway;

import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
 * Applies the {@link HomePolicy} to SFTP: uploads only directly in {@code /}, {@code /exports} read-only, no
 * directories made or removed, no rename over a file, no links (the classic way out of a chroot). The rooted file
 * system already keeps {@code ..} and absolute paths inside the home.
 */
final class CustomerFileSystemAccessor implements SftpFileSystemAccessor {
    /** Where the bytes of an upload handle really go: a fresh file of the store's incoming directory. */
    static final AttributeKey<Path> INCOMING = new AttributeKey<>();

    private final UploadStore store;

    CustomerFileSystemAccessor(UploadStore store) {
        this.store = store;
    }

    @Override
    public SeekableByteChannel openFile(SftpSubsystemProxy subsystem, FileHandle fileHandle, Path file, String handle,
                                        Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
        if (!options.contains(StandardOpenOption.WRITE) && !options.contains(StandardOpenOption.APPEND)) {
            return SftpFileSystemAccessor.super.openFile(subsystem, fileHandle, file, handle, options, attrs);
        }
        refuseIf(file, HomePolicy.uploadRefusal(customerPath(file)));
        // An upload never lands in the home: it is written beside the store and taken from there when closed.
        Path incoming = store.newIncoming();
        Set<OpenOption> write = new HashSet<>(options);
        write.remove(StandardOpenOption.CREATE_NEW);
        write.add(StandardOpenOption.CREATE);
        SeekableByteChannel channel = Files.newByteChannel(incoming, write);
        fileHandle.setAttribute(INCOMING, incoming);
        return channel;
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
