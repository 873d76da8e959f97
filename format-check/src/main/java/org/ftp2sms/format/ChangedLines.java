package org.ftp2sms.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines of Java files that changed since a git ref, as git sees them: {@code git diff -U0 <ref>} (committed
 * since, staged and not staged) plus untracked files, which are new in every line.
 */
final class ChangedLines {
    /** Lines {@code first..last} of a file, 1-based, both included. */
    record Lines(int first, int last) {}

    private static final Pattern NEW_FILE = Pattern.compile("^\\+\\+\\+ b/(.+)$");
    private static final Pattern HUNK = Pattern.compile("^@@ -\\d+(?:,\\d+)? \\+(\\d+)(?:,(\\d+))? @@.*$");

    private ChangedLines() {}

    /** The changed lines of every Java file under {@code root}, by path relative to it; empty outside a git checkout. */
    static Map<String, List<Lines>> since(Path root, String ref) {
        Map<String, List<Lines>> changed = parseDiff(
                git(root, "diff", "-U0", "--no-color", "--no-ext-diff", "--diff-filter=AMR", ref, "--", "*.java"));
        for (String file : git(root, "ls-files", "--others", "--exclude-standard", "--", "*.java")
                .lines()
                .toList()) {
            changed.put(file, List.of(new Lines(1, Integer.MAX_VALUE)));
        }
        return changed;
    }

    /** The new side of a {@code -U0} unified diff: for each file, the lines added or changed. */
    static Map<String, List<Lines>> parseDiff(String diff) {
        Map<String, List<Lines>> changed = new LinkedHashMap<>();
        List<Lines> current = null;
        for (String line : diff.lines().toList()) {
            Matcher file = NEW_FILE.matcher(line);
            Matcher hunk = HUNK.matcher(line);
            if (file.matches()) {
                current = changed.computeIfAbsent(file.group(1), f -> new ArrayList<>());
            } else if (line.startsWith("+++ ")) {
                current = null; // deleted file
            } else if (current != null && hunk.matches()) {
                int first = Integer.parseInt(hunk.group(1));
                int count = hunk.group(2) == null ? 1 : Integer.parseInt(hunk.group(2));
                if (count > 0) { // 0: lines only removed
                    current.add(new Lines(first, first + count - 1));
                }
            }
        }
        changed.values().removeIf(List::isEmpty);
        return changed;
    }

    private static String git(Path root, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-c", "core.quotepath=off"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command)
                    .directory(root.toFile())
                    .redirectErrorStream(false)
                    .start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + err.strip());
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run git in " + root, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Why git cannot read the checkout, or null when it can. */
    static String gitRefusal(Path root) {
        try {
            git(root, "rev-parse", "--git-dir");
            return null;
        } catch (IllegalStateException | UncheckedIOException e) {
            return e.getMessage();
        }
    }

    static boolean isGitCheckout(Path root) {
        return Files.exists(root.resolve(".git"));
    }
}
