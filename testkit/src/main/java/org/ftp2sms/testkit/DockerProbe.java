package org.ftp2sms.testkit;

import org.testcontainers.DockerClientFactory;

import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a Docker engine answers here; asked quietly, without Testcontainers' long search when none can. */
final class DockerProbe {
    private DockerProbe() {
    }

    static boolean dockerEngineAnswers() {
        if (System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
