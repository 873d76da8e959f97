package org.ftp2sms.rules.template;

import liqp.Template;
import liqp.TemplateParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The attacks of issue 13 on templates: reading the server's files, and CPU or memory bombs. */
class TemplateSandboxTest {

    @Test
    void includeOfAServerFileIsRefusedAtCompileNamingTheTag() {
        assertThatThrownBy(() -> MessageTemplate.compile("X{% include \"/etc/passwd\" %}"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("'include' is not allowed");
        assertThatThrownBy(() -> MessageTemplate.compile("{% if a %}{% include '/dev/zero' %}{% endif %}"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("'include' is not allowed");
        assertThatThrownBy(() -> MessageTemplate.compile("{% include_relative /etc/hostname %}"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("'include_relative' is not allowed");
        assertThatThrownBy(() -> MessageTemplate.compile("{% include {{ path }} %}"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("'include");
    }

    @Test
    void renderAndUnknownTagsDoNotCompile() {
        assertThatThrownBy(() -> MessageTemplate.compile("{% render '/etc/passwd' %}"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("'render' is not allowed");
    }

    @Test
    void aParsedIncludeForcedPastTheCheckNeverReadsTheFile(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "S3CRET-of-another-connector");
        TemplateParser sandbox = TemplateSandbox.parser(100, 1000, 1000);
        for (String source : new String[] {"A{% include '" + secret + "' %}B", "{% include_relative " + secret + " %}"}) {
            Template parsed = sandbox.parse(source);
            assertThat(TemplateSandbox.refusedTags(parsed)).isNotEmpty();
            assertThatThrownBy(() -> parsed.render(Map.of()))
                    .hasStackTraceContaining("is not allowed in a message template")
                    .satisfies(e -> assertThat(String.valueOf(e.getMessage())).doesNotContain("S3CRET"));
        }
        // The one way liqp opens a file refuses every name.
        assertThatThrownBy(() -> sandbox.nameResolver.resolve(secret.toString()))
                .hasMessageContaining("may not read files");
    }

    @Test
    void everyFilterOfTheParserIsOneKnownToBePure() {
        assertThat(TemplateSandbox.parser(10, 10, 10).filters.getMap().keySet())
                .containsExactlyInAnyOrderElementsOf(TemplateSandbox.SAFE_FILTERS);
    }

    @Test
    void aCpuBombOfNestedLoopsIsRefusedByTheSharedIterationBudget() {
        MessageTemplate bomb = MessageTemplate.compile("{% for a in (1..100000) %}{% for b in (1..100000) %}"
                + "{% for c in (1..100000) %}{% if a == b %}{% endif %}{% endfor %}{% endfor %}{% endfor %}");
        assertThatThrownBy(() -> bomb.render(Map.of())).isInstanceOf(TemplateException.class);
    }

    @Test
    void aTemplateWithoutFiltersIsStoppedAtTheDeadline() {
        AtomicLong now = new AtomicLong();
        // Each clock read is 100 ms later: the 2 s deadline passes after twenty blocks, with no filter at all.
        RenderGuard.useTicker(() -> now.addAndGet(100_000_000L));
        try {
            MessageTemplate loops = MessageTemplate.compile(
                    "{% for a in (1..50) %}{% for b in (1..50) %}{% if a %}.{% endif %}{% endfor %}{% endfor %}");
            assertThatThrownBy(() -> loops.render(Map.of())).isInstanceOf(TemplateException.class)
                    .hasMessageContaining("takes longer than 2000 ms");
        } finally {
            RenderGuard.useTicker(System::nanoTime);
        }
    }

    @Test
    void captureCannotDoubleAValuePastTheOutputBound() {
        MessageTemplate doubling = MessageTemplate.compile("{% capture s %}xxxxxxxxxx{% endcapture %}"
                + "{% for i in (1..40) %}{% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}{{ s | size }}");
        assertThatThrownBy(() -> doubling.render(Map.of())).isInstanceOf(TemplateException.class)
                .hasMessageContaining("more than " + MessageTemplate.MAX_OUTPUT_CHARS + " characters");
    }

    @Test
    void ordinaryTemplatesStillRender() {
        MessageTemplate template = MessageTemplate.compile(
                "{% capture greet %}Hi {{ name | capitalize }}{% endcapture %}{{ greet }}, {% for i in (1..3) %}{{ i }}{% endfor %}"
                        + "{% case code %}{% when '1' %} one{% else %} other{% endcase %}");
        assertThat(template.render(Map.of("name", "ann", "code", "1"))).isEqualTo("Hi Ann, 123 one");
    }
}
