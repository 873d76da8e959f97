package org.ftp2sms.gateway;

import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.file.root.RootedFileSystemProvider;
import org.apache.sshd.common.session.SessionContext;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One home per connector, {@code <dataDir>/homes/<connectorId>/}, seen by the customer as {@code /}: every
 * session gets a file system rooted there (sshd's rooted file system keeps {@code ..} and absolute paths inside).
 * The home and its {@code exports/} and {@code preview/} directories are created at the first login.
 */
final class ConnectorHomes implements FileSystemFactory {
    static final String EXPORTS = "exports";
    /** Files uploaded here are dry runs: judged by every rule, never sent; the result comes back in exports/. */
    static final String PREVIEW = "preview";

    private final Path homesDir;

    ConnectorHomes(Path homesDir) {
        this.homesDir = homesDir;
    }

    Path homeOf(String connectorId) {
        Path home = homesDir.resolve(connectorId).normalize();
        if (!home.getParent().equals(homesDir) ) {
            throw new IllegalArgumentException("connector id is not a plain name: " + connectorId);
        }
        return home;
    }

    /** The connector's home, with its {@code exports/} and {@code preview/} directories. */
    Path prepared(String connectorId) throws IOException {
        Path home = homeOf(connectorId);
        Files.createDirectories(home.resolve(EXPORTS));
        Files.createDirectories(home.resolve(PREVIEW));
        return home;
    }

    @Override
    public Path getUserHomeDir(SessionContext session) {
        return null; // the root of the session's file system is its home
    }

    @Override
    public FileSystem createFileSystem(SessionContext session) throws IOException {
        Path home = prepared(GatewaySession.connectorId(session));
        // A provider per session: one provider maps each root once, so a shared one would refuse the second
        // session of a connector (FileSystemAlreadyExistsException) while the first is still open.
        return new RootedFileSystemProvider().newFileSystem(home, Map.of());
    }
}
