package org.ftp2sms.smsc;

import org.ftp2sms.service.Env;
import org.ftp2sms.service.ServiceRunner;

/** Runs the SMPP simulator as a service (see {@link SmscSimulatorSettings} for its variables). */
public final class SmscSimulatorMain {
    private SmscSimulatorMain() {
    }

    public static void main(String[] args) {
        ServiceRunner.run(Env.system(), r -> new SmscSimulator(SmscSimulatorSettings.fromEnv(Env.system()), r));
    }
}
