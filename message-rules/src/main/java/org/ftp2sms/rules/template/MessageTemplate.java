package org.ftp2sms.rules.template;

import liqp.Template;
import liqp.TemplateParser;
import liqp.exceptions.LiquidException;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A compiled Liquid message template (liqp). Rendering is safe from several threads at once. liqp's {@code Template}
 * is not: {@code render} keeps its context in a field of the template, so two threads rendering one template can
 * swap rows (a test here caught it). Each thread therefore renders its own parsed copy.
 *
 * <p>Limits: at most {@link #MAX_ITERATIONS} loop iterations, {@link #MAX_OUTPUT_CHARS} characters of output and
 * {@link #MAX_SOURCE_BYTES} bytes of source, and every value a filter makes at most {@link RenderGuard#MAX_VALUE_CHARS}
 * characters; going over any of them is a {@link TemplateException}. Together they bound the work of a render by
 * the data, not the machine. liqp's render-time limit is not used (it starts a thread per render, which the
 * renderer cannot afford for 200 000 rows); {@link RenderGuard} stops a render past two seconds at its next filter
 * call or block output instead, a backstop far above any honest template. The parser is a sandbox
 * ({@link TemplateSandbox}): no tag or filter reads a file or opens a connection.
 */
public final class MessageTemplate {
    public static final int MAX_ITERATIONS = 10_000;
    public static final int MAX_OUTPUT_CHARS = 10_000;
    public static final long MAX_SOURCE_BYTES = 64 * 1024;

    private static final TemplateParser PARSER = guardedParser();

    private final String source;
    private final ThreadLocal<Template> perThread;

    private MessageTemplate(String source, Template parsed) {
        this.source = source;
        // Other threads parse their own copy on first use (the source is known to be valid by then).
        this.perThread = ThreadLocal.withInitial(() -> PARSER.parse(source));
        this.perThread.set(parsed);
    }

    private static TemplateParser guardedParser() {
        return TemplateSandbox.parser(MAX_ITERATIONS, MAX_OUTPUT_CHARS, MAX_SOURCE_BYTES);
    }

    /**
     * Parses {@code source}; a syntax error is a {@link TemplateException} naming the line when liqp knows it, a
     * tag that would read a file ({@code include}, {@code include_relative}, {@code render}) one naming the tag.
     */
    public static MessageTemplate compile(String source) {
        if (source == null) {
            throw new TemplateException("the template is missing");
        }
        if (source.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_SOURCE_BYTES) {
            throw new TemplateException("the template is longer than " + MAX_SOURCE_BYTES + " bytes");
        }
        TemplateSandbox.refusedTagIn(source).ifPresent(tag -> {
            throw refusedTag(tag);
        });
        Template parsed;
        try {
            parsed = PARSER.parse(source);
        } catch (LiquidException e) {
            throw new TemplateException("template syntax error" + where(e) + ": " + firstLine(e.getMessage()), e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new TemplateException("template syntax error: " + describe(e), e);
        }
        List<String> refused = TemplateSandbox.refusedTags(parsed);
        if (!refused.isEmpty()) {
            throw refusedTag(refused.get(0));
        }
        return new MessageTemplate(source, parsed);
    }

    private static TemplateException refusedTag(String tag) {
        return new TemplateException("the tag '" + tag + "' is not allowed in a message template:"
                + " templates cannot read files or other templates");
    }

    /** Renders with the row's columns as variables; a variable that is not a column renders empty. */
    public String render(Map<String, String> columns) {
        RenderGuard.begin();
        try {
            // liqp copies the variables into its own context: a read-only view is enough, no copy of ours.
            return perThread.get().render(Collections.<String, Object>unmodifiableMap(columns));
        } catch (TemplateException e) {
            throw e;
        } catch (LiquidException e) {
            throw new TemplateException("template error" + where(e) + ": " + firstLine(e.getMessage()), e);
        } catch (RuntimeException | StackOverflowError e) {
            TemplateException guard = guardCause(e);
            throw guard != null ? new TemplateException(guard.getMessage(), e)
                    : new TemplateException("template error: " + describe(e), e);
        } finally {
            RenderGuard.end();
        }
    }

    /** liqp wraps what a filter throws; the guard's own message is the one a person should read. */
    private static TemplateException guardCause(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof TemplateException guard) {
                return guard;
            }
        }
        return null;
    }

    public String source() {
        return source;
    }

    private static String where(LiquidException e) {
        return e.line > 0 ? " at line " + e.line + ", column " + (e.charPositionInLine + 1) : "";
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : e.getMessage();
        return message != null ? firstLine(message) : root.getClass().getSimpleName();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }
}
