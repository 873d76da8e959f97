package org.ftp2sms.admin;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ftp2sms.dedupe.DedupeSettings;
import org.ftp2sms.dedupe.DedupeStage;
import org.ftp2sms.dispatcher.DispatcherSettings;
import org.ftp2sms.dispatcher.DispatcherStage;
import org.ftp2sms.gateway.FtpGatewayStage;
import org.ftp2sms.gateway.GatewaySettings;
import org.ftp2sms.renderer.RendererSettings;
import org.ftp2sms.renderer.RendererStage;
import org.ftp2sms.service.Env;
import org.ftp2sms.smsc.SmscSimulator;
import org.ftp2sms.smsc.SmscSimulatorSettings;
import org.ftp2sms.splitter.RowSplitterSettings;
import org.ftp2sms.splitter.RowSplitterStage;
import org.ftp2sms.testkit.PipelineVars;
import org.ftp2sms.testkit.RunningStages;
import org.ftp2sms.testkit.TestKafka;

import java.nio.file.Path;
import java.util.Map;

/**
 * Every stage from the SFTP gateway to the SMSC simulator on the test broker, built from their own settings as
 * their mains do, and connector-admin (which aggregates the progress), which a test may stop and start again on the
 * same state. The simulator fails the receipt of every number ending in {@value #FAILING_SUFFIX}.
 */
final class WholePipeline implements AutoCloseable {
    static final String TOKEN = "pipeline-admin-token-0123456789abcdef";
    static final String FAILING_SUFFIX = "99";

    private final RunningStages stages = new RunningStages();
    private final Map<String, String> vars;
    private ConnectorAdminStage admin;

    WholePipeline(TestKafka kafka, Path dataDir, String name) {
        vars = PipelineVars.isolated(kafka, dataDir, name);
        vars.putAll(Map.of(
                "FTP2SMS_SMSC_SIM_PORT", "0",
                "FTP2SMS_SMSC_SIM_RECEIPT_DELAY", "50",
                "FTP2SMS_SMSC_SIM_FAIL_PATTERN", ".*" + FAILING_SUFFIX,
                "FTP2SMS_SMSC_HOST", "127.0.0.1",
                "FTP2SMS_HTTP_PORT", "0",
                "FTP2SMS_ADMIN_TOKEN", TOKEN,
                "FTP2SMS_PUBLIC_HOST", "127.0.0.1"));
    }

    /** Starts every stage; a failed start stops what it had started. */
    WholePipeline start() {
        try {
            startStages();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    private void startStages() {
        SmscSimulator smsc = stages.start(new SmscSimulator(SmscSimulatorSettings.fromEnv(new Env(vars)), new SimpleMeterRegistry()));
        vars.put("FTP2SMS_SMSC_PORT", String.valueOf(smsc.port()));
        FtpGatewayStage gateway = stages.start(new FtpGatewayStage(GatewaySettings.fromEnv(new Env(vars)), new SimpleMeterRegistry()));
        vars.put("FTP2SMS_PUBLIC_SFTP_PORT", String.valueOf(gateway.sftpPort()));
        Env env = new Env(vars);
        stages.start(new RowSplitterStage(RowSplitterSettings.fromEnv(env), new SimpleMeterRegistry()));
        stages.start(new DedupeStage(DedupeSettings.fromEnv(env), new SimpleMeterRegistry()));
        stages.start(new RendererStage(RendererSettings.fromEnv(env), new SimpleMeterRegistry()));
        stages.start(new DispatcherStage(DispatcherSettings.fromEnv(env), new SimpleMeterRegistry()));
        startAdmin();
    }

    /** Starts connector-admin (again) with the same settings, state directory and application id. */
    ConnectorAdminStage startAdmin() {
        admin = new ConnectorAdminStage(AdminSettings.fromEnv(new Env(vars)), new SimpleMeterRegistry());
        admin.start();
        return admin;
    }

    void stopAdmin() {
        admin.close();
        admin = null;
    }

    ConnectorAdminStage admin() {
        return admin;
    }

    AdminHttp api() {
        return new AdminHttp(admin.httpPort(), TOKEN);
    }

    Path adminStateDir() {
        return AdminSettings.fromEnv(new Env(vars)).storage().stateDir();
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
        stages.close();
    }
}
