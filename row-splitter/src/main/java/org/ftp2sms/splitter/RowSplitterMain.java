package org.ftp2sms.splitter;

import org.ftp2sms.service.Env;
import org.ftp2sms.service.ServiceRunner;

public final class RowSplitterMain {
    private RowSplitterMain() {
    }

    public static void main(String[] args) {
        ServiceRunner.run(Env.system(), r -> new RowSplitterStage(RowSplitterSettings.fromEnv(Env.system()), r));
    }
}
