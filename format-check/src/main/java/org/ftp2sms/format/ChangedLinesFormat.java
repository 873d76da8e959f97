package org.ftp2sms.format;

import com.palantir.javaformat.java.Formatter;
import com.palantir.javaformat.java.FormatterException;
import com.palantir.javaformat.java.JavaFormatterOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The build's formatter check: palantir-java-format (4 spaces, 120 columns, the style the code was written in)
 * applied to the lines changed since a git ref only, so that nobody reformats a whole file, let alone the code
 * base, to change one line. {@code check} fails listing the files whose changed lines are not formatted;
 * {@code apply} formats those lines in place. Imports are left as they are.
 *
 * <p>Usage: {@code ChangedLinesFormat check|apply <checkout> <git ref>}.
 */
public final class ChangedLinesFormat {
    private final Formatter formatter = Formatter.createFormatter(JavaFormatterOptions.builder()
            .style(JavaFormatterOptions.Style.PALANTIR)
            .build());

    /** A file whose changed lines the formatter would change, and the first line that differs. */
    record Unformatted(String file, int line) {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3 || !(args[0].equals("check") || args[0].equals("apply"))) {
            System.err.println("usage: ChangedLinesFormat check|apply <checkout> <git ref>");
            System.exit(2);
        }
        Path root = Path.of(args[1]);
        if (!ChangedLines.isGitCheckout(root)) {
            System.out.println("format-check: " + root + " is not a git checkout, nothing to compare with");
            return;
        }
        boolean apply = args[0].equals("apply");
        String refused = ChangedLines.gitRefusal(root);
        if (refused != null) {
            // No git on the PATH, or a checkout git refuses to read (another owner): say so, do not fail the build.
            System.out.println("format-check: not checked, git cannot read " + root + ": " + refused);
            return;
        }
        List<Unformatted> unformatted = new ChangedLinesFormat().run(root, args[2], apply);
        if (unformatted.isEmpty()) {
            System.out.println("format-check: the Java lines changed since " + args[2] + " are formatted");
            return;
        }
        for (Unformatted u : unformatted) {
            System.err.println(
                    "format-check: " + u.file() + ":" + u.line() + (apply ? " formatted" : " is not formatted"));
        }
        if (!apply) {
            System.err.println(
                    "format-check: run  mvn -B -pl format-check verify -Dftp2sms.format.mode=apply  to format "
                            + "the changed lines (CONTRIBUTING.md)");
            System.exit(1);
        }
    }

    /** The files whose changed lines are not formatted (and formats them when {@code apply}). */
    List<Unformatted> run(Path root, String ref, boolean apply) throws IOException {
        List<Unformatted> unformatted = new ArrayList<>();
        for (Map.Entry<String, List<ChangedLines.Lines>> entry :
                ChangedLines.since(root, ref).entrySet()) {
            Path file = root.resolve(entry.getKey());
            String source = Files.readString(file, StandardCharsets.UTF_8);
            String formatted = format(entry.getKey(), source, entry.getValue());
            if (!formatted.equals(source)) {
                unformatted.add(new Unformatted(entry.getKey(), firstDifferentLine(source, formatted)));
                if (apply) {
                    Files.writeString(file, formatted, StandardCharsets.UTF_8);
                }
            }
        }
        return unformatted;
    }

    /**
     * {@code source} with the changes the formatter makes to the changed lines, the rest as it was. The formatter
     * runs on the whole file (its partial mode indents wrongly) and only its edits that touch a changed line are
     * kept: a statement reflowed over several lines is kept whole.
     */
    String format(String name, String source, List<ChangedLines.Lines> lines) {
        String whole;
        try {
            whole = formatter.formatSource(source);
        } catch (FormatterException e) {
            // Code that does not compile is the compiler's to report, with a better message.
            System.err.println("format-check: " + name + " not checked, it does not parse: " + e.getMessage());
            return source;
        }
        List<String> before = List.of(source.split("\n", -1));
        List<String> after = List.of(whole.split("\n", -1));
        List<String> result = new ArrayList<>();
        int i = 0;
        for (LineDiff.Edit edit : LineDiff.edits(before, after)) {
            result.addAll(before.subList(i, edit.fromBefore()));
            boolean touched = lines.stream().anyMatch(changed -> edit.touches(changed.first() - 1, changed.last() - 1));
            result.addAll(
                    touched
                            ? after.subList(edit.fromAfter(), edit.toAfter())
                            : before.subList(edit.fromBefore(), edit.toBefore()));
            i = edit.toBefore();
        }
        result.addAll(before.subList(i, before.size()));
        return String.join("\n", result);
    }

    private static int firstDifferentLine(String a, String b) {
        List<String> left = a.lines().toList();
        List<String> right = b.lines().toList();
        int i = 0;
        while (i < left.size() && i < right.size() && left.get(i).equals(right.get(i))) {
            i++;
        }
        return i + 1;
    }
}
