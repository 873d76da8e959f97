package org.ftp2sms.aggregator;

import org.ftp2sms.service.Env;
import org.ftp2sms.service.ServiceRunner;

/** Runs the status-aggregator (daily exports and webhooks) as its own service. */
public final class StatusAggregatorMain {
    private StatusAggregatorMain() {
    }

    public static void main(String[] args) {
        ServiceRunner.run(Env.system(), registry -> new StatusAggregatorStage(StatusAggregatorSettings.fromEnv(Env.system()), registry));
    }
}
