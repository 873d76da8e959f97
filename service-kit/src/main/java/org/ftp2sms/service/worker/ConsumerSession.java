package org.ftp2sms.service.worker;

import org.apache.kafka.clients.consumer.Consumer;

/** A session around one group consumer: what it opens closes in reverse, and a wakeup reaches its poll. */
abstract class ConsumerSession implements Session {
    final Resources resources;
    volatile Consumer<String, byte[]> consumer;

    ConsumerSession(String name) {
        this.resources = new Resources(name);
    }

    @Override
    public final void wakeup() {
        Consumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    @Override
    public final void close() {
        resources.close();
    }
}
