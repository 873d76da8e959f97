package org.ftp2sms.gateway;

import java.nio.file.Path;

/** An upload moved into the file store, with what was measured while reading it once. */
record StoredUpload(Path path, long sizeBytes, String sha256) {
}
