package org.ftp2sms.gateway;

import org.ftp2sms.service.SettingsException;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Arrays;
import java.util.List;

/**
 * The names clients give a file while they write it (WinSCP's {@code name.filepart}, rclone's {@code .partial},
 * dot files, editors' {@code ~} files): an upload under such a name is kept in the home when closed, not taken,
 * and taken only when it is renamed to a name that is not temporary. Patterns are globs matched against the
 * file name alone, e.g. {@code *.filepart}, {@code .*}.
 */
final class TemporaryNames {
    static final String DEFAULT_PATTERNS = "*.filepart,*.part,*.partial,*.tmp,*.upload,.*,~*";

    private final String patterns;
    private final List<PathMatcher> matchers;

    private TemporaryNames(String patterns, List<PathMatcher> matchers) {
        this.patterns = patterns;
        this.matchers = matchers;
    }

    /** A comma-separated list of globs; an empty list means no name is temporary. */
    static TemporaryNames of(String commaSeparatedGlobs) {
        List<String> globs = Arrays.stream(commaSeparatedGlobs.split(",")).map(String::strip).filter(g -> !g.isEmpty()).toList();
        try {
            List<PathMatcher> matchers = globs.stream()
                    .peek(glob -> {
                        if (glob.contains("/")) {
                            throw new SettingsException("FTP2SMS_TEMPORARY_NAMES: a pattern matches a file name, it cannot contain '/': " + glob);
                        }
                    })
                    .map(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob)).toList();
            return new TemporaryNames(String.join(",", globs), matchers);
        } catch (IllegalArgumentException e) {
            throw new SettingsException("FTP2SMS_TEMPORARY_NAMES: not a list of globs: " + commaSeparatedGlobs);
        }
    }

    boolean isTemporary(String fileName) {
        if (fileName.isEmpty() || fileName.contains("/")) {
            return false;
        }
        Path name = Path.of(fileName);
        for (PathMatcher matcher : matchers) {
            if (matcher.matches(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return patterns;
    }
}
