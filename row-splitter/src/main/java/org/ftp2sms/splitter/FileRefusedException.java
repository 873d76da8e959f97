package org.ftp2sms.splitter;

/**
 * A file found unacceptable after some of its events were already sent (too many rows, unreadable part-way):
 * the transaction is aborted and the file is rejected with {@link #getMessage()}, written for a person.
 */
final class FileRefusedException extends RuntimeException {
    FileRefusedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
