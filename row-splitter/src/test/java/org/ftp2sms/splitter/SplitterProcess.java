package org.ftp2sms.splitter;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ftp2sms.service.KafkaSettings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The row splitter as a process of its own, for tests that kill it or cap its heap. Arguments: bootstrap servers,
 * instance id, consumer group. It runs until its standard input ends (the test closes it, or the test JVM dies), then
 * closes the stage.
 */
public final class SplitterProcess {
    private SplitterProcess() {
    }

    public static void main(String[] args) throws IOException {
        RowSplitterSettings settings = new RowSplitterSettings(KafkaSettings.of(args[0]), args[1],
                RowSplitterSettings.DEFAULT_MAX_ROWS, RowSplitterSettings.DEFAULT_MAX_BYTES, args[2]);
        RowSplitterStage stage = new RowSplitterStage(settings, new SimpleMeterRegistry());
        stage.start();
        InputStream in = System.in;
        while (in.read() != -1) {
            // Only the end of input matters.
        }
        stage.close();
        System.exit(0);
    }

    /** Starts one with {@code -Xmx<heap>}, on this JVM's class path, its output in {@code log}. */
    static Process start(String heap, Path log, String bootstrap, String instanceId, String groupId) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        // An OutOfMemoryError must end the process (and fail the test), not leave a stage limping on.
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SplitterProcess.class.getName());
        command.add(bootstrap);
        command.add(instanceId);
        command.add(groupId);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
