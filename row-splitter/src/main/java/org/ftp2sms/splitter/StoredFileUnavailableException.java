package org.ftp2sms.splitter;

import org.ftp2sms.service.worker.RetryLater;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The stored file exists but could not be read (the shared volume failing, a file system error): a fault of the
 * platform, not of the customer's file, so the file is retried (transaction aborted, consumer rewound, a pause:
 * {@link RetryLater}) and never rejected for it. The message names the server-side path: it is for the logs only, never for a report's reason.
 */
final class StoredFileUnavailableException extends RetryLater {
    private final Path path;

    StoredFileUnavailableException(Path path, IOException cause) {
        super("the stored file " + path + " cannot be read: " + cause, cause);
        this.path = path;
    }

    Path path() {
        return path;
    }
}
