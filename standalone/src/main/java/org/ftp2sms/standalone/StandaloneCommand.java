package org.ftp2sms.standalone;

import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar ftp2sms-standalone.jar}: the whole gateway on one machine. Each flag has an {@code FTP2SMS_*}
 * environment equivalent, the same name the separate services and the Helm chart use.
 */
@Command(name = "ftp2sms-standalone", mixinStandardHelpOptions = true, version = "ftp2sms 0.1.0",
        description = "Runs every ftp2sms stage in one JVM, with an embedded Kafka broker and an SMSC simulator "
                + "unless --kafka-bootstrap or --smsc point elsewhere.")
public final class StandaloneCommand implements Callable<Integer> {

    @Option(names = "--data-dir", description = "Where Kafka data, uploads, state and keys live (FTP2SMS_DATA_DIR). Default: ${DEFAULT-VALUE}",
            defaultValue = "${env:FTP2SMS_DATA_DIR:-./ftp2sms-data}")
    Path dataDir;

    @Option(names = "--kafka-port", description = "Port of the embedded Kafka broker (FTP2SMS_KAFKA_PORT). Default: ${DEFAULT-VALUE}",
            defaultValue = "${env:FTP2SMS_KAFKA_PORT:-9092}")
    int kafkaPort;

    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT",
            description = "Use this Kafka instead of the embedded broker (FTP2SMS_KAFKA_BOOTSTRAP)",
            defaultValue = "${env:FTP2SMS_KAFKA_BOOTSTRAP}")
    String kafkaBootstrap;

    @Option(names = "--sftp-port", description = "SFTP port (FTP2SMS_SFTP_PORT). Default: ${DEFAULT-VALUE}",
            defaultValue = "${env:FTP2SMS_SFTP_PORT:-2222}")
    int sftpPort;

    @Option(names = "--ftps-port", description = "Explicit FTPS port (FTP2SMS_FTPS_PORT). Default: ${DEFAULT-VALUE}",
            defaultValue = "${env:FTP2SMS_FTPS_PORT:-2121}")
    int ftpsPort;

    @Option(names = "--ftps-passive-ports", paramLabel = "FIRST-LAST",
            description = "FTPS passive data ports (FTP2SMS_FTPS_PASSIVE_PORTS). Default: ${DEFAULT-VALUE}",
            defaultValue = "${env:FTP2SMS_FTPS_PASSIVE_PORTS:-30000-30009}")
    String ftpsPassivePorts;

    @Option(names = "--http-port", description = "Admin API port (FTP2SMS_HTTP_PORT). Default: ${DEFAULT-VALUE}",
            defaultValue = "${env:FTP2SMS_HTTP_PORT:-8080}")
    int httpPort;

    @Option(names = "--admin-bind", paramLabel = "ADDRESS",
            description = "Address the admin API listens on (FTP2SMS_HTTP_BIND); 0.0.0.0 opens it to the network. Default: ${DEFAULT-VALUE}",
            defaultValue = "${env:FTP2SMS_HTTP_BIND:-127.0.0.1}")
    String adminBind;

    @Option(names = "--health-port", description = "Port of /health and Prometheus /metrics (FTP2SMS_HEALTH_PORT). Default: ${DEFAULT-VALUE}",
            defaultValue = "${env:FTP2SMS_HEALTH_PORT:-8081}")
    int healthPort;

    @Option(names = "--smsc", paramLabel = "HOST:PORT", description = "Use this SMSC instead of the simulator (FTP2SMS_SMSC_HOST, FTP2SMS_SMSC_PORT)")
    String smsc;

    @Option(names = "--smsc-system-id", description = "SMPP system id (FTP2SMS_SMSC_SYSTEM_ID)")
    String smscSystemId;

    @Option(names = "--smsc-password", description = "SMPP password (FTP2SMS_SMSC_PASSWORD)")
    String smscPassword;

    @Option(names = "--demo", description = "Create a demo connector and print how to upload to it")
    boolean demo;

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(commandLine(System.err).execute(args));
    }

    /** The command as {@link #main} runs it: a start that fails ends with one line on {@code err} ({@link StartFailure}). */
    static CommandLine commandLine(PrintStream err) {
        return new CommandLine(new StandaloneCommand()).setExecutionExceptionHandler(new StartFailure(err));
    }

    @Override
    public Integer call() throws Exception {
        Map<String, String> vars = settings(System.getenv());
        StandaloneApp app = new StandaloneApp(vars);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "shutdown"));
        app.start();
        System.out.println(app.readyLine());
        System.out.println(app.adminTokenLine());
        if (demo) {
            System.out.println(new DemoConnector(app).createOrDescribe());
        }
        stopped.await();
        return 0;
    }

    /** The {@code FTP2SMS_*} settings of the run: {@code env}, overridden by the flags given. */
    Map<String, String> settings(Map<String, String> env) {
        Map<String, String> vars = new HashMap<>(env);
        vars.put("FTP2SMS_DATA_DIR", dataDir.toString());
        vars.put("FTP2SMS_KAFKA_PORT", String.valueOf(kafkaPort));
        if (kafkaBootstrap != null && !kafkaBootstrap.isBlank()) {
            vars.put("FTP2SMS_KAFKA_BOOTSTRAP", kafkaBootstrap);
        } else {
            vars.remove("FTP2SMS_KAFKA_BOOTSTRAP");
        }
        vars.put("FTP2SMS_SFTP_PORT", String.valueOf(sftpPort));
        vars.put("FTP2SMS_FTPS_PORT", String.valueOf(ftpsPort));
        vars.put("FTP2SMS_FTPS_PASSIVE_PORTS", ftpsPassivePorts);
        vars.put("FTP2SMS_HTTP_PORT", String.valueOf(httpPort));
        vars.put("FTP2SMS_HTTP_BIND", adminBind);
        vars.put("FTP2SMS_HEALTH_PORT", String.valueOf(healthPort));
        if (smsc != null) {
            int colon = smsc.lastIndexOf(':');
            if (colon < 1) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--smsc must be HOST:PORT, got '" + smsc + "'");
            }
            vars.put("FTP2SMS_SMSC_HOST", smsc.substring(0, colon));
            vars.put("FTP2SMS_SMSC_PORT", smsc.substring(colon + 1));
        }
        if (smscSystemId != null) {
            vars.put("FTP2SMS_SMSC_SYSTEM_ID", smscSystemId);
        }
        if (smscPassword != null) {
            vars.put("FTP2SMS_SMSC_PASSWORD", smscPassword);
        }

        return vars;
    }
}
