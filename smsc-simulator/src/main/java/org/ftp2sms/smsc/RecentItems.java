package org.ftp2sms.smsc;

import java.util.ArrayDeque;
import java.util.List;

/** The most recent items added, at most {@code capacity}, oldest first; thread-safe. */
final class RecentItems<T> {
    private final int capacity;
    private final ArrayDeque<T> items = new ArrayDeque<>();

    RecentItems(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(T item) {
        if (items.size() == capacity) {
            items.pollFirst();
        }
        items.addLast(item);
    }

    synchronized List<T> snapshot() {
        return List.copyOf(items);
    }

    synchronized void clear() {
        items.clear();
    }
}
