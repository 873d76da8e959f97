package org.ftp2sms.dispatcher;

import org.ftp2sms.service.Env;
import org.ftp2sms.service.ServiceRunner;

/** Runs the dispatcher as a service (see {@link DispatcherSettings} for its variables). */
public final class DispatcherMain {
    private DispatcherMain() {
    }

    public static void main(String[] args) {
        ServiceRunner.run(Env.system(), r -> new DispatcherStage(DispatcherSettings.fromEnv(Env.system()), r));
    }
}
