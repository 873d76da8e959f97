package org.ftp2sms.testkit;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code FTP2SMS_*} settings for stages a test builds with their own {@code XSettings.fromEnv}, on the shared test
 * broker without meeting another test's stages: unique instance, group and application ids, free ports, loopback.
 */
public final class PipelineVars {
    private PipelineVars() {
    }

    /** A mutable map, so a test can add what its own stages need. */
    public static Map<String, String> isolated(TestKafka kafka, Path dataDir, String name) {
        Map<String, String> vars = new HashMap<>();
        vars.put("FTP2SMS_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
        vars.put("FTP2SMS_DATA_DIR", dataDir.toString());
        vars.put("FTP2SMS_INSTANCE_ID", TestKafka.unique(name));
        vars.put("FTP2SMS_SFTP_BIND", "127.0.0.1");
        vars.put("FTP2SMS_SFTP_PORT", "0");
        vars.put("FTP2SMS_FTPS_PORT", "0");
        vars.put("FTP2SMS_FTPS_PASSIVE_PORTS", String.valueOf(FreePorts.next()));
        vars.put("FTP2SMS_ROW_SPLITTER_GROUP_ID", TestKafka.unique("splitter"));
        vars.put("FTP2SMS_RENDERER_GROUP_ID", TestKafka.unique("renderer"));
        vars.put("FTP2SMS_DEDUPE_APPLICATION_ID", TestKafka.unique("dedupe"));
        vars.put("FTP2SMS_ADMIN_APPLICATION_ID", TestKafka.unique("admin"));
        return vars;
    }
}
