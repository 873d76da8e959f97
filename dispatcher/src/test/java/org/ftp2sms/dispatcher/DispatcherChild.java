package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ftp2sms.service.KafkaSettings;

import java.nio.file.Path;

/**
 * A dispatcher in its own JVM, for a test to kill -9: args bootstrap, SMSC port, data dir, window per bind, max rate
 * per bind, binds, group id, calendar application id.
 */
public final class DispatcherChild {
    private DispatcherChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        int window = Integer.parseInt(args[3]);
        DispatcherSettings settings = new DispatcherSettings(KafkaSettings.of(args[0]),
                DispatcherSettings.single("localhost", Integer.parseInt(args[1]), "ftp2sms", "ftp2sms", Integer.parseInt(args[5]),
                        window, Integer.parseInt(args[4]), false, null, null),
                "child", Path.of(args[2]), args[6], args[7], DispatcherSettings.DEFAULT_BUFFER);
        new DispatcherStage(settings, new SimpleMeterRegistry()).start();
        System.out.println("DISPATCHER-STARTED");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
