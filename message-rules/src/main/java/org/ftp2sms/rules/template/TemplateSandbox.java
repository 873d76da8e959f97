package org.ftp2sms.rules.template;

import liqp.RenderTransformer;
import liqp.Template;
import liqp.TemplateContext;
import liqp.TemplateParser;
import liqp.filters.Filter;
import liqp.nodes.LNode;
import liqp.org.antlr.v4.runtime.tree.ParseTree;
import liqp.org.antlr.v4.runtime.tree.TerminalNode;
import liqp.parser.Flavor;
import liquid.parser.v4.LiquidParser;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The liqp parser a message template runs in: nothing in it reaches the file system or the network.
 *
 * <p>liqp always adds its flavour's tags, among them {@code include} and {@code include_relative}, which read any
 * path ({@code {% include "/etc/passwd" %}}, {@code "/dev/zero"}). Three locks, each enough alone: a template using
 * them is refused when it is compiled, with the tag's name ({@link #refusedTagIn}, {@link #refusedTags}); the two tags are replaced by ones
 * that refuse to render; and the parser's name resolver, the one way liqp opens a file, refuses every name. Other
 * tag names ({@code render}, {@code section}…) are unknown to the lexer and do not parse. Every filter liqp has is a
 * pure function of its arguments; {@link #SAFE_FILTERS} names them, and a test keeps the list equal to what the
 * parser holds, so an upgrade that brings a new filter is looked at before it reaches a template.
 *
 * <p>Bounds: at every block's output (each loop turn, each branch, each capture) the render-time deadline of
 * {@link RenderGuard} is checked, so a template with no filter at all is bounded in time too; the same hook bounds
 * every block's text to the output limit, so {@code capture} cannot grow a value past it.
 */
final class TemplateSandbox {
    static final Set<String> REFUSED_TAGS = Set.of("include", "include_relative", "render");
    static final Set<String> SAFE_FILTERS = Set.of("abs", "absolute_url", "append", "at_least", "at_most",
            "capitalize", "ceil", "compact", "concat", "date", "default", "divided_by", "downcase", "escape",
            "escape_once", "first", "floor", "h", "join", "json", "last", "lstrip", "map", "minus", "modulo",
            "newline_to_br", "normalize_whitespace", "plus", "pop", "prepend", "push", "relative_url", "remove",
            "remove_first", "replace", "replace_first", "reverse", "round", "rstrip", "shift", "size", "slice", "sort",
            "sort_natural", "split", "strip", "strip_html", "strip_newlines", "times", "truncate", "truncatewords",
            "uniq", "unshift", "upcase", "url_decode", "url_encode", "where", "where_exp");

    private TemplateSandbox() {
    }

    static TemplateParser parser(int maxIterations, int maxOutputChars, long maxSourceBytes) {
        TemplateParser.Builder builder = new TemplateParser.Builder()
                .withFlavor(Flavor.LIQP)
                .withStrictVariables(false)
                .withErrorMode(TemplateParser.ErrorMode.STRICT)
                .withMaxIterations(maxIterations)
                .withMaxSizeRenderedString(maxOutputChars)
                .withMaxTemplateSizeBytes(maxSourceBytes)
                .withShowExceptionsFromInclude(true)
                .withNameResolver(name -> {
                    throw new IOException("templates may not read files");
                })
                .withRenderTransformer(new BoundedOutput(maxOutputChars))
                .withTag(new RefusedTag("include"))
                .withTag(new RefusedTag("include_relative"));
        // The filters of a parser built the same way, each replaced by a guarded one of the same name.
        RenderGuard.guarded(new TemplateParser.Builder().withFlavor(Flavor.LIQP).build().filters.values())
                .forEach(builder::withFilter);
        return builder.build();
    }

    private static final Pattern REFUSED_TAG_START = Pattern.compile("\\{%-?\\s*(include_relative|include|render)\\b");

    /**
     * The first refused tag the source opens, found before parsing: a file-reading tag in a template that does not
     * parse is still named as such (liqp would only say "no viable alternative"). Conservative: it also finds
     * one written inside {@code raw} or a string, which a message template has no reason to hold.
     */
    static Optional<String> refusedTagIn(String source) {
        Matcher matcher = REFUSED_TAG_START.matcher(source);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The refused tags a parsed template uses, in order of appearance. */
    static List<String> refusedTags(Template template) {
        List<String> found = new ArrayList<>();
        collect(template.getParseTree(), found);
        return found;
    }

    private static void collect(ParseTree node, List<String> found) {
        if (node instanceof LiquidParser.Include_tagContext) {
            found.add("include");
        } else if (node instanceof LiquidParser.Include_relative_tagContext) {
            found.add("include_relative");
        } else if (node instanceof LiquidParser.Simple_tagContext simple) {
            addIfRefused(simple.SimpleTagId(), found);
        } else if (node instanceof LiquidParser.Other_tagContext other) {
            addIfRefused(other.BlockId(), found);
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            collect(node.getChild(i), found);
        }
    }

    private static void addIfRefused(TerminalNode name, List<String> found) {
        if (name != null && REFUSED_TAGS.contains(name.getText())) {
            found.add(name.getText());
        }
    }

    /** Stands in for a tag that would read a file; never reached once {@link #refusedTags} ran, kept as a lock. */
    private static final class RefusedTag extends liqp.tags.Tag {
        RefusedTag(String name) {
            super(name);
        }

        @Override
        public Object render(TemplateContext context, LNode... nodes) {
            throw new TemplateException("the tag '" + name + "' is not allowed in a message template");
        }
    }

    /** liqp's own appender (strings appended to a builder), with the deadline checked at every block and append. */
    private record BoundedOutput(int maxChars) implements RenderTransformer {
        @Override
        public ObjectAppender.Controller newObjectAppender(TemplateContext context, int estimatedNumberOfAppends) {
            RenderGuard.checkDeadline();
            return new ObjectAppender.Controller() {
                private final StringBuilder result = new StringBuilder();

                @Override
                public void append(Object obj) {
                    RenderGuard.checkDeadline();
                    result.append(obj instanceof CharSequence text ? text : String.valueOf(obj));
                    if (result.length() > maxChars) {
                        throw new TemplateException("the template renders more than " + maxChars + " characters");
                    }
                }

                @Override
                public Object getResult() {
                    return result.toString();
                }
            };
        }

        @Override
        public Object transformObject(TemplateContext context, Object obj) {
            return String.valueOf(obj);
        }
    }
}
