package org.ftp2sms.gateway;

import org.ftp2sms.service.Env;
import org.ftp2sms.service.ServiceRunner;

/** The ftp-gateway service. Variables: see {@link GatewaySettings}. */
public final class FtpGatewayMain {
    private FtpGatewayMain() {
    }

    public static void main(String[] args) {
        ServiceRunner.run(Env.system(), r -> new FtpGatewayStage(GatewaySettings.fromEnv(Env.system()), r));
    }
}
