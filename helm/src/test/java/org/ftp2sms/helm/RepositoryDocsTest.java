package org.ftp2sms.helm;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The project's docs link only inside the repository, and every relative link points at a file that exists. */
class RepositoryDocsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void everyRelativeLinkResolvesInsideTheRepository() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path doc : docs()) {
            Matcher m = LINK.matcher(Files.readString(doc));
            while (m.find()) {
                String target = m.group(1);
                if (target.startsWith("http://") || target.startsWith("https://") || target.startsWith("#")
                        || target.startsWith("mailto:")) {
                    continue;
                }
                String path = target.replaceAll("#.*", "");
                // "/x" is the repository's root, as GitHub and GitLab render it; anything else is relative to the doc.
                Path resolved = (path.startsWith("/") ? ROOT.resolve(path.substring(1)) : doc.getParent().resolve(path)).normalize();
                if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
                    broken.add(ROOT.relativize(doc) + " -> " + target);
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void theReadmeLinksToTheArchitectureNeverToAFileOutsideTheRepository() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertThat(readme).contains("](docs/architecture.md)").doesNotContain("../shared");
        assertThat(ROOT.resolve("LICENSE")).content().contains("Apache License").contains("Version 2.0");
        assertThat(ROOT.resolve("CONTRIBUTING.md")).exists();
        assertThat(ROOT.resolve(".editorconfig")).exists();
    }

    private static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("CONTRIBUTING.md"),
                Rendered.CHART.toAbsolutePath().resolve("README.md")));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).forEach(docs::add);
        }
        return docs;
    }
}
