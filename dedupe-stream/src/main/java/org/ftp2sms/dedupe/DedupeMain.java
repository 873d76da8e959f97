package org.ftp2sms.dedupe;

import org.ftp2sms.service.Env;
import org.ftp2sms.service.ServiceRunner;

/** Runs the dedupe stream as its own service. */
public final class DedupeMain {
    private DedupeMain() {
    }

    public static void main(String[] args) {
        ServiceRunner.run(Env.system(), registry -> new DedupeStage(DedupeSettings.fromEnv(Env.system()), registry));
    }
}
