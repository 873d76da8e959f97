package org.ftp2sms.gateway;

import java.util.Optional;

/**
 * What a customer may do in a home, the same for SFTP and FTPS. Paths are as the customer sees them, absolute
 * and normalised ({@code /file.csv}, {@code /exports/status_2026-03-01.csv}). The home is flat: uploads land in
 * {@code /} (to send) or {@code /preview/} (a dry run), {@code /exports/} is read-only, and no directory can be made,
 * removed or renamed. Each refusal is a sentence the customer's client can show.
 */
final class HomePolicy {
    static final String EXPORTS_DIR = "/" + ConnectorHomes.EXPORTS;
    static final String PREVIEW_DIR = "/" + ConnectorHomes.PREVIEW;

    private HomePolicy() {
    }

    static boolean isInExports(String path) {
        return path.equals(EXPORTS_DIR) || path.startsWith(EXPORTS_DIR + "/");
    }

    static Optional<String> uploadRefusal(String path) {
        if (isInExports(path)) {
            return Optional.of("exports/ is read-only: upload into / instead");
        }
        if (path.equals("/") || path.equals(PREVIEW_DIR) || path.equals(PREVIEW_DIR + "/")) {
            return Optional.of("not a file name");
        }
        if (path.lastIndexOf('/') != 0 && !isDirectlyInPreview(path)) {
            return Optional.of("upload into / (to send) or /preview/ (a dry run) only: there are no other directories");
        }
        return Optional.empty();
    }

    /** {@code /preview/<name>}: a dry run. */
    static boolean isDirectlyInPreview(String path) {
        return path.startsWith(PREVIEW_DIR + "/") && path.lastIndexOf('/') == PREVIEW_DIR.length();
    }

    static Optional<String> mkdirRefusal() {
        return Optional.of("directories cannot be created: upload into / instead");
    }

    static Optional<String> rmdirRefusal() {
        return Optional.of("directories cannot be removed");
    }

    static Optional<String> deleteRefusal(String path) {
        return isInExports(path) ? Optional.of("exports/ is read-only: its files are removed after 30 days")
                : Optional.empty();
    }

    static Optional<String> renameRefusal(String from, String to, boolean targetExists) {
        if (isInExports(from) || isInExports(to)) {
            return Optional.of("exports/ is read-only");
        }
        if (targetExists) {
            return Optional.of("rename would replace an existing file");
        }
        return uploadRefusal(to);
    }

    static Optional<String> linkRefusal() {
        return Optional.of("links are not allowed");
    }
}
