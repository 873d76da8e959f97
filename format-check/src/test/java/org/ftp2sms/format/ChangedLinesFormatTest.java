package org.ftp2sms.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The check on a real git repository: only changed lines count, untouched ones keep their layout. */
class ChangedLinesFormatTest {
    private static final String COMMITTED = """
            package p;

            class A {
                int   untouched  =  1;

                void m() {
                    int x = 1;
                }
            }
            """;

    @TempDir
    Path repo;

    @Test
    void aFreshCheckoutPassesWhateverTheLayoutOfItsFiles() throws Exception {
        committed();

        assertThat(new ChangedLinesFormat().run(repo, "HEAD", false)).isEmpty();
    }

    @Test
    void aChangedLineThatIsNotFormattedFailsAndApplyFormatsOnlyIt() throws Exception {
        committed();
        Files.writeString(repo.resolve("src/A.java"), COMMITTED.replace("int x = 1;", "int    x=2 ;"));

        assertThat(new ChangedLinesFormat().run(repo, "HEAD", false))
                .containsExactly(new ChangedLinesFormat.Unformatted("src/A.java", 7));
        new ChangedLinesFormat().run(repo, "HEAD", true);

        assertThat(Files.readString(repo.resolve("src/A.java")))
                .isEqualTo(COMMITTED.replace("int x = 1;", "int x = 2;"))
                .as("the line nobody changed keeps its layout")
                .contains("int   untouched  =  1;");
        assertThat(new ChangedLinesFormat().run(repo, "HEAD", false)).isEmpty();
    }

    @Test
    void aFormattedChangeAndChangesCommittedSinceTheRefAreChecked() throws Exception {
        committed();
        Files.writeString(repo.resolve("src/A.java"), COMMITTED.replace("int x = 1;", "int x = 3;"));
        assertThat(new ChangedLinesFormat().run(repo, "HEAD", false)).isEmpty();

        git("commit", "-qam", "formatted");
        Files.writeString(repo.resolve("src/A.java"), COMMITTED.replace("int x = 1;", "int x=4;"));
        git("commit", "-qam", "not formatted");
        assertThat(new ChangedLinesFormat().run(repo, "HEAD~2", false)).hasSize(1);
        assertThat(new ChangedLinesFormat().run(repo, "HEAD", false))
                .as("nothing changed since HEAD")
                .isEmpty();
    }

    @Test
    void aNewFileIsCheckedWhole() throws Exception {
        committed();
        Files.writeString(repo.resolve("src/B.java"), "package p;\n\nclass B {\n  int y;\n}\n");

        assertThat(new ChangedLinesFormat().run(repo, "HEAD", false))
                .containsExactly(new ChangedLinesFormat.Unformatted("src/B.java", 4));
    }

    @Test
    void aCheckoutGitCannotReadIsNotCheckedButAMistypedRefFails() throws Exception {
        Files.writeString(repo.resolve(".git"), "gitdir: " + repo.resolve("nowhere") + "\n");
        assertThat(ChangedLines.gitRefusal(repo)).isNotNull();

        Files.delete(repo.resolve(".git"));
        committed();
        assertThat(ChangedLines.gitRefusal(repo)).isNull();
        assertThatThrownBy(() -> new ChangedLinesFormat().run(repo, "mian", false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mian");
    }

    @Test
    void theDiffsNewSideIsReadPerFile() {
        Map<String, List<ChangedLines.Lines>> changed = ChangedLines.parseDiff("""
                diff --git a/x/A.java b/x/A.java
                --- a/x/A.java
                +++ b/x/A.java
                @@ -3 +3 @@ class A {
                -a
                +b
                @@ -10,2 +9,0 @@
                -gone
                -gone
                @@ -20,0 +19,3 @@
                +new
                diff --git a/x/B.java b/x/B.java
                --- a/x/B.java
                +++ /dev/null
                @@ -1,2 +0,0 @@
                """);

        assertThat(changed).containsOnlyKeys("x/A.java");
        assertThat(changed.get("x/A.java"))
                .containsExactly(new ChangedLines.Lines(3, 3), new ChangedLines.Lines(19, 21));
    }

    private void committed() throws Exception {
        git("init", "-q");
        git("config", "user.email", "test@example.org");
        git("config", "user.name", "test");
        Files.createDirectories(repo.resolve("src"));
        Files.writeString(repo.resolve("src/A.java"), COMMITTED);
        git("add", "-A");
        git("commit", "-qm", "first");
    }

    private void git(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process process =
                new ProcessBuilder(command).directory(repo.toFile()).inheritIO().start();
        assertThat(process.waitFor()).as("git " + String.join(" ", args)).isZero();
    }
}
