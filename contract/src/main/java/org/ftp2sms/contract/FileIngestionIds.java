package org.ftp2sms.contract;

import java.util.UUID;

/**
 * File ingestion ids, and the dry-run mark they carry: a file uploaded into a connector's {@code preview/} folder gets
 * an id starting with {@value #DRY_RUN_PREFIX}. The mark is in the id rather than in a field so that every event
 * about the file or its rows (message ids start with the file's id) carries it, including statuses written by
 * stages that know nothing of dry runs: no stage can lose it, and any reader can tell a preview from a real send.
 */
public final class FileIngestionIds {
    public static final String DRY_RUN_PREFIX = "preview-";

    private FileIngestionIds() {
    }

    /** A new, unique id; a dry run's is marked. */
    public static String next(boolean dryRun) {
        return (dryRun ? DRY_RUN_PREFIX : "") + UUID.randomUUID();
    }

    /** Whether the file of this id (or of this message id) is a dry run: judged, never sent, never remembered. */
    public static boolean isDryRun(String fileOrMessageId) {
        return fileOrMessageId != null && fileOrMessageId.startsWith(DRY_RUN_PREFIX);
    }
}
