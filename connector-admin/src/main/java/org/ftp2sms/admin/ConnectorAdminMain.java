package org.ftp2sms.admin;

import org.ftp2sms.service.Env;
import org.ftp2sms.service.ServiceRunner;

public final class ConnectorAdminMain {
    private ConnectorAdminMain() {
    }

    public static void main(String[] args) {
        ServiceRunner.run(Env.system(), registry -> new ConnectorAdminStage(AdminSettings.fromEnv(Env.system()), registry));
    }
}
