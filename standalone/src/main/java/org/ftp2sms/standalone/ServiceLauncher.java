package org.ftp2sms.standalone;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The container image's entry point: the first argument names the service to run, the rest go to its
 * {@code main}. Without an argument (or with flags) it is {@code standalone}. One image thus serves every
 * workload of the Helm chart with no shell and no class name in the chart.
 */
public final class ServiceLauncher {
    /** Service name to main class; the chart's {@code services.*.service} values are these names. */
    static final Map<String, String> MAINS = new LinkedHashMap<>();

    static {
        MAINS.put("standalone", "org.ftp2sms.standalone.StandaloneCommand");
        MAINS.put("ftp-gateway", "org.ftp2sms.gateway.FtpGatewayMain");
        MAINS.put("row-splitter", "org.ftp2sms.splitter.RowSplitterMain");
        MAINS.put("dedupe-stream", "org.ftp2sms.dedupe.DedupeMain");
        MAINS.put("renderer", "org.ftp2sms.renderer.RendererMain");
        MAINS.put("dispatcher", "org.ftp2sms.dispatcher.DispatcherMain");
        MAINS.put("status-aggregator", "org.ftp2sms.aggregator.StatusAggregatorMain");
        MAINS.put("connector-admin", "org.ftp2sms.admin.ConnectorAdminMain");
        MAINS.put("smsc-simulator", "org.ftp2sms.smsc.SmscSimulatorMain");
        MAINS.put("provision-topics", "org.ftp2sms.service.TopicProvisionerMain");
        MAINS.put("probe", "org.ftp2sms.service.ProbeMain");
        MAINS.put("install-private-file", "org.ftp2sms.service.PrivateFileCopyMain");
    }

    private ServiceLauncher() {
    }

    public static void main(String[] args) throws Throwable {
        boolean named = args.length > 0 && !args[0].startsWith("-");
        String service = named ? args[0] : "standalone";
        String mainClass = MAINS.get(service);
        if (mainClass == null) {
            System.err.println("ftp2sms: unknown service '" + service + "'; one of " + String.join(", ", MAINS.keySet()));
            System.exit(2);
            return;
        }
        String[] rest = named ? Arrays.copyOfRange(args, 1, args.length) : args;
        Method main = Class.forName(mainClass).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) rest);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
