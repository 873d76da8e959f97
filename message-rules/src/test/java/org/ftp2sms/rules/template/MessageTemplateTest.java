package org.ftp2sms.rules.template;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageTemplateTest {

    @Test
    void rendersColumnsAndAMissingVariableRendersEmpty() {
        MessageTemplate template = MessageTemplate.compile("Hello {{ first_name }}{{ nickname }}, code {{ code }}");
        assertThat(template.render(Map.of("first_name", "Ann", "code", "42"))).isEqualTo("Hello Ann, code 42");
    }

    @Test
    void capitalizeFilter() {
        MessageTemplate template = MessageTemplate.compile("Hello {{ first_name | capitalize }}");
        assertThat(template.render(Map.of("first_name", "ann"))).isEqualTo("Hello Ann");
    }

    @Test
    void syntaxErrorIsATemplateExceptionNamingTheLine() {
        assertThatThrownBy(() -> MessageTemplate.compile("Hello\n{% if x %}never closed"))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("template syntax error")
                .hasMessageContaining("line");
        assertThatThrownBy(() -> MessageTemplate.compile("Hello {{ name "))
                .isInstanceOf(TemplateException.class);
    }

    @Test
    void tooManyIterationsIsATemplateException() {
        MessageTemplate template = MessageTemplate.compile("{% for i in (1..100000) %}x{% endfor %}");
        assertThatThrownBy(() -> template.render(Map.of())).isInstanceOf(TemplateException.class);
    }

    @Test
    void tooLongOutputIsATemplateException() {
        MessageTemplate template = MessageTemplate.compile("{% for i in (1..5000) %}{{ word }}{% endfor %}");
        assertThatThrownBy(() -> template.render(Map.of("word", "abcdefghij"))).isInstanceOf(TemplateException.class);
    }

    @Test
    void aValueGrownOnTheSideIsBoundedBeforeItExhaustsMemory() {
        // Doubling a string 30 times would need 10 GB; the output itself stays one short line.
        MessageTemplate doubling = MessageTemplate.compile(
                "{% assign s = 'xxxxxxxxxx' %}{% for i in (1..30) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}");
        assertThatThrownBy(() -> doubling.render(Map.of())).isInstanceOf(TemplateException.class)
                .hasMessageContaining("filter 'append'").hasMessageContaining("more than the 20000 allowed");
        MessageTemplate growing = MessageTemplate.compile(
                "{% for i in (1..5000) %}{% assign s = s | append: word %}{% endfor %}{{ s | size }}");
        assertThatThrownBy(() -> growing.render(Map.of("word", "abcdefghij"))).isInstanceOf(TemplateException.class);
        assertThat(growing.render(Map.of("word", "ab"))).isEqualTo("10000");
    }

    @Test
    void nestedLoopsShareOneIterationBudget() {
        MessageTemplate nested = MessageTemplate.compile("{% for i in (1..200) %}{% for j in (1..200) %}{% endfor %}{% endfor %}x");
        assertThatThrownBy(() -> nested.render(Map.of())).isInstanceOf(TemplateException.class).hasMessageContaining("maxIterations");
    }

    @Test
    void guardedFiltersBehaveAsLiquidsOwn() {
        MessageTemplate template = MessageTemplate.compile("{{ name | upcase | append: '!' | replace: 'A', 'o' }} {{ 3 | times: 2 }}");
        assertThat(template.render(Map.of("name", "ana"))).isEqualTo("oNo! 6");
    }

    @Test
    void rendersConcurrentlyWithoutMixingRows() throws Exception {
        MessageTemplate template = MessageTemplate.compile("{% if n %}row {{ n | upcase }}{% endif %}");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = IntStream.range(0, 2000)
                    .mapToObj(i -> pool.submit(() -> template.render(Map.of("n", "r" + i)))).toList();
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo("row R" + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void cacheParsesASourceOnceAndRemembersErrors() {
        TemplateCache cache = new TemplateCache(2);
        MessageTemplate first = cache.get("a {{ x }}");
        assertThat(cache.get("a {{ x }}")).isSameAs(first);
        assertThatThrownBy(() -> cache.get("{% if %}")).isInstanceOf(TemplateException.class);
        assertThatThrownBy(() -> cache.get("{% if %}")).isInstanceOf(TemplateException.class);
        cache.get("b");
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get("a {{ x }}")).isNotSameAs(first);
    }
}
