package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ftp2sms.service.KafkaSettings;

import java.nio.file.Path;

/** A dispatcher in its own JVM, for a test to kill -9: args bootstrap, SMSC port, data dir, window, max rate. */
public final class DispatcherChild {
    private DispatcherChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        DispatcherSettings settings = new DispatcherSettings(KafkaSettings.of(args[0]), "localhost", Integer.parseInt(args[1]),
                "ftp2sms", "ftp2sms", Integer.parseInt(args[3]), "child", Integer.parseInt(args[4]), Path.of(args[2]));
        new DispatcherStage(settings, new SimpleMeterRegistry()).start();
        System.out.println("DISPATCHER-STARTED");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
