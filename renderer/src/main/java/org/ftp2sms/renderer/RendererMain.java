package org.ftp2sms.renderer;

import org.ftp2sms.service.Env;
import org.ftp2sms.service.ServiceRunner;

/** Runs the renderer as its own service. */
public final class RendererMain {
    private RendererMain() {
    }

    public static void main(String[] args) {
        ServiceRunner.run(Env.system(), registry -> new RendererStage(RendererSettings.fromEnv(Env.system()), registry));
    }
}
