package org.ftp2sms.rules.template;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Compiled templates per source string, so each version of a connector's template is parsed once however many
 * rows use it. A source that does not compile is cached too (as its error), so a bad template costs one parse
 * per file, not one per row. Least recently used entries go first beyond {@code capacity}.
 */
public final class TemplateCache {
    private static final TemplateCache SHARED = new TemplateCache(1000);

    private final Map<String, Object> entries;

    public TemplateCache(int capacity) {
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The process-wide cache used by {@code MessageComposer}. */
    public static TemplateCache shared() {
        return SHARED;
    }

    /** The compiled template; a {@link TemplateException} when it does not compile. */
    public MessageTemplate get(String source) {
        if (source == null) {
            throw new TemplateException("the template is missing");
        }
        Object entry;
        synchronized (entries) {
            entry = entries.get(source);
        }
        if (entry == null) {
            // Compiled outside the lock: two threads may compile the same source once each, which is harmless.
            try {
                entry = MessageTemplate.compile(source);
            } catch (TemplateException e) {
                entry = e;
            }
            synchronized (entries) {
                entries.put(source, entry);
            }
        }
        if (entry instanceof TemplateException e) {
            throw new TemplateException(e.getMessage(), e);
        }
        return (MessageTemplate) entry;
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
