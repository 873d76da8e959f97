package org.ftp2sms.gateway;

import org.apache.sshd.common.util.io.IoUtils;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemConfigurator;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * sshd's SFTP subsystem, answering {@code STAT}/{@code LSTAT}/{@code FSTAT} and {@code SETSTAT}/{@code FSETSTAT}
 * for uploads that are not in the home: one this session is writing (its bytes are in the store's incoming
 * directory) and a file the connector had taken ({@link TakenFiles}: its size and time). Clients check
 * their upload right after the close (paramiko's size check, rclone's SetModTime then stat); without this they
 * report a failure for a file that went out, and retry it.
 */
final class CustomerSftpSubsystem extends SftpSubsystem {
    private static final String TAKEN_SIZE_REFUSAL = "the file was taken for processing: its size cannot change";

    private final TakenFiles takenFiles;

    CustomerSftpSubsystem(ChannelSession channel, SftpSubsystemConfigurator configurator, TakenFiles takenFiles) {
        super(channel, configurator);
        this.takenFiles = takenFiles;
    }

    /** Builds {@link CustomerSftpSubsystem}s with the listeners registered on it. */
    static final class Factory extends SftpSubsystemFactory {
        private final TakenFiles takenFiles;

        Factory(TakenFiles takenFiles) {
            this.takenFiles = takenFiles;
        }

        @Override
        public Command createSubsystem(ChannelSession channel) {
            SftpSubsystem subsystem = new CustomerSftpSubsystem(channel, this, takenFiles);
            getRegisteredListeners().forEach(subsystem::addSftpEventListener);
            return subsystem;
        }
    }

    @Override
    protected NavigableMap<String, Object> resolveFileAttributes(Path path, int flags, boolean neverFollowSymLinks,
                                                                 LinkOption... options) throws IOException {
        SessionUploads uploads = SessionUploads.of(getServerSession());
        String customerPath = customerPath(path);
        Optional<Path> incoming = uploads.incomingOf(customerPath);
        if (incoming.isPresent()) {
            return super.resolveFileAttributes(incoming.get(), flags, neverFollowSymLinks, options);
        }
        Optional<TakenFile> taken = notInHome(path) ? taken(customerPath) : Optional.empty();
        if (taken.isPresent()) {
            return attributesOf(taken.get());
        }
        return super.resolveFileAttributes(path, flags, neverFollowSymLinks, options);
    }

    @Override
    protected void doSetAttributes(int cmd, String extension, Path file, Map<String, ?> attributes, boolean followLinks)
            throws IOException {
        SessionUploads uploads = SessionUploads.of(getServerSession());
        String customerPath = customerPath(file);
        Optional<TakenFile> taken = notInHome(file) && uploads.incomingOf(customerPath).isEmpty()
                ? taken(customerPath) : Optional.empty();
        if (taken.isPresent()) {
            if (attributes.get(IoUtils.SIZE_VIEW_ATTR) instanceof Number size && size.longValue() != taken.get().size()) {
                throw new AccessDeniedException(customerPath, null, TAKEN_SIZE_REFUSAL);
            }
            return; // times, permissions and owners are the server's: a quiet success, as for any file here
        }
        super.doSetAttributes(cmd, extension, file, attributes, followLinks);
    }

    private Optional<TakenFile> taken(String customerPath) {
        return takenFiles.find(GatewaySession.connectorId(getServerSession()), customerPath);
    }

    private static boolean notInHome(Path path) {
        return !Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    private static NavigableMap<String, Object> attributesOf(TakenFile taken) {
        FileTime time = FileTime.from(taken.takenAt());
        NavigableMap<String, Object> attributes = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        attributes.put(IoUtils.SIZE_VIEW_ATTR, taken.size());
        attributes.put(IoUtils.REGFILE_VIEW_ATTR, Boolean.TRUE);
        attributes.put(IoUtils.DIRECTORY_VIEW_ATTR, Boolean.FALSE);
        attributes.put(IoUtils.SYMLINK_VIEW_ATTR, Boolean.FALSE);
        attributes.put(IoUtils.OTHERFILE_VIEW_ATTR, Boolean.FALSE);
        attributes.put(IoUtils.PERMISSIONS_VIEW_ATTR, PosixFilePermissions.fromString("rw-------"));
        attributes.put(IoUtils.LASTMOD_TIME_VIEW_ATTR, time);
        attributes.put(IoUtils.LASTACC_TIME_VIEW_ATTR, time);
        attributes.put(IoUtils.CREATE_TIME_VIEW_ATTR, time);
        return attributes;
    }

    private static String customerPath(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }
}
