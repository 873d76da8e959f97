package org.ftp2sms.rules.template;

import liqp.TemplateContext;
import liqp.filters.Filter;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Bounds what liqp's own limits leave open. liqp counts loop iterations and checks the size of rendered output,
 * but not the values a template builds on the side: {@code {% assign s = s | append: s %}} in a 30-turn loop
 * doubles a string into gigabytes (an OutOfMemoryError, not a template error) while the output stays one line.
 * Every filter is therefore wrapped: a value it returns may hold at most {@link #MAX_VALUE_CHARS} characters (or
 * elements), so with at most {@code MAX_ITERATIONS} loop turns a render's work is bounded by the data, the same
 * on every machine, and a preview refuses exactly what sending would refuse.
 *
 * <p>As a backstop against a cost nobody foresaw, a render that has run for {@link #MAX_RENDER} (2 s) is stopped at its
 * next filter call or block output ({@link TemplateSandbox}), whichever comes first: any template, with or without
 * filters. This is the only machine-dependent limit, and it is set a thousand times above the cost of a normal
 * render. It costs a clock read per filter call and block, not a thread per render as liqp's own time limit does.
 */
final class RenderGuard {
    static final int MAX_VALUE_CHARS = 20_000;
    static final java.time.Duration MAX_RENDER = java.time.Duration.ofSeconds(2);
    private static final ThreadLocal<long[]> DEADLINE = ThreadLocal.withInitial(() -> new long[] {Long.MAX_VALUE});
    /** Nanoseconds; a test replaces it to run past the deadline without waiting for it. */
    private static volatile LongSupplier ticker = System::nanoTime;

    private RenderGuard() {
    }

    static void begin() {
        DEADLINE.get()[0] = ticker.getAsLong() + MAX_RENDER.toNanos();
    }

    static void end() {
        DEADLINE.get()[0] = Long.MAX_VALUE;
    }

    /** The parser's filters, each wrapped to check the deadline and the size of what it returns. */
    static List<Filter> guarded(Collection<Filter> filters) {
        return filters.stream().map(RenderGuard::guard).toList();
    }

    private static Filter guard(Filter inner) {
        return new Filter(inner.name) {
            @Override
            public Object apply(Object value, TemplateContext context, Object... params) {
                checkDeadline();
                Object result = inner.apply(value, context, params);
                checkSize(inner.name, result);
                return result;
            }
        };
    }

    static void useTicker(LongSupplier nanos) {
        ticker = nanos;
    }

    static void checkDeadline() {
        if (ticker.getAsLong() > DEADLINE.get()[0]) {
            throw new TemplateException("the template takes longer than " + MAX_RENDER.toMillis() + " ms to render");
        }
    }

    private static void checkSize(String filter, Object result) {
        long size = result instanceof CharSequence text ? text.length()
                : result instanceof Collection<?> collection ? collection.size()
                : result instanceof Map<?, ?> map ? map.size()
                : result != null && result.getClass().isArray() ? Array.getLength(result)
                : 0;
        if (size > MAX_VALUE_CHARS) {
            throw new TemplateException("filter '" + filter + "' made a value of " + size
                    + " characters or items, more than the " + MAX_VALUE_CHARS + " allowed");
        }
    }
}
