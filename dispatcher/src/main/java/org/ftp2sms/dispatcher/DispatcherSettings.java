package org.ftp2sms.dispatcher;

import org.ftp2sms.service.Env;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.service.SettingsException;

import java.nio.file.Path;
import java.util.List;

/**
 * How the dispatcher reaches Kafka and the SMSCs.
 *
 * @param kafka      {@code FTP2SMS_KAFKA_BOOTSTRAP} (and {@code FTP2SMS_KAFKA_CONFIG_FILE})
 * @param routes     {@code FTP2SMS_SMSC_ROUTES} (a YAML or JSON routes file), else one route from the single-SMSC
 *                   variables: {@code FTP2SMS_SMSC_HOST} ({@code localhost}), {@code FTP2SMS_SMSC_PORT} (2775),
 *                   {@code FTP2SMS_SMSC_SYSTEM_ID} / {@code FTP2SMS_SMSC_PASSWORD} ({@code ftp2sms}, the simulator's),
 *                   {@code FTP2SMS_SMSC_BINDS} (1), {@code FTP2SMS_SMPP_WINDOW} (50 per bind),
 *                   {@code FTP2SMS_SMPP_MAX_RATE} (0: no limit, per bind), {@code FTP2SMS_SMSC_TLS} (false),
 *                   {@code FTP2SMS_SMSC_TRUSTSTORE} / {@code FTP2SMS_SMSC_TRUSTSTORE_PASSWORD}
 * @param instanceId {@code FTP2SMS_INSTANCE_ID}, default the host name: client ids in logs and metrics
 * @param dataDir    {@code FTP2SMS_DATA_DIR}, default {@code ./ftp2sms-data}: the calendar hold's Kafka Streams state
 *                   goes to {@code <dataDir>/streams/dispatcher-calendar}
 * @param groupId    {@code FTP2SMS_DISPATCHER_GROUP_ID}, default {@code ftp2sms-dispatcher}: the consumer group
 *                   reading {@code ftp2sms.messages-ready}
 * @param calendarApplicationId {@code FTP2SMS_DISPATCHER_CALENDAR_APPLICATION_ID}, default
 *                   {@code ftp2sms-dispatcher-calendar}: the Kafka Streams application id of the calendar hold
 * @param buffer     {@code FTP2SMS_DISPATCHER_BUFFER}, default 20 000: messages read ahead and held in memory, all
 *                   connectors together, so that one connector's backlog does not hide another's messages
 * @param replies    how replies are matched and which change the suppression list ({@link ReplyRules})
 */
public record DispatcherSettings(KafkaSettings kafka, SmscRoutes routes, String instanceId, Path dataDir, String groupId,
                                 String calendarApplicationId, int buffer, ReplyRules replies) {

    public static final String DEFAULT_GROUP_ID = "ftp2sms-dispatcher";
    public static final String DEFAULT_CALENDAR_APPLICATION_ID = "ftp2sms-dispatcher-calendar";
    public static final int DEFAULT_BUFFER = 20_000;

    /** One SMSC, one bind, no rate limit, state under {@code ./ftp2sms-data}. */
    public DispatcherSettings(KafkaSettings kafka, String smscHost, int smscPort, String systemId, String password,
                              int window, String instanceId) {
        this(kafka, smscHost, smscPort, systemId, password, window, instanceId, 0, Path.of("./ftp2sms-data"));
    }

    /** One SMSC over one bind of {@code window} submits in flight, at most {@code maxRate} a second (0: no limit). */
    public DispatcherSettings(KafkaSettings kafka, String smscHost, int smscPort, String systemId, String password,
                              int window, String instanceId, int maxRate, Path dataDir) {
        this(kafka, single(smscHost, smscPort, systemId, password, 1, window, maxRate, false, null, null), instanceId, dataDir,
                DEFAULT_GROUP_ID, DEFAULT_CALENDAR_APPLICATION_ID, DEFAULT_BUFFER);
    }

    /** The default {@link ReplyRules}. */
    public DispatcherSettings(KafkaSettings kafka, SmscRoutes routes, String instanceId, Path dataDir, String groupId,
                              String calendarApplicationId, int buffer) {
        this(kafka, routes, instanceId, dataDir, groupId, calendarApplicationId, buffer, ReplyRules.defaults());
    }

    public DispatcherSettings {
        if (replies == null) {
            throw new SettingsException("reply rules are required");
        }
        if (kafka == null) {
            throw new SettingsException("Kafka settings are required");
        }
        if (routes == null) {
            throw new SettingsException("SMSC routes are required");
        }
        if (instanceId == null || instanceId.isBlank()) {
            throw new SettingsException("FTP2SMS_INSTANCE_ID must not be empty");
        }
        if (dataDir == null) {
            throw new SettingsException("FTP2SMS_DATA_DIR must not be empty");
        }
        if (groupId == null || groupId.isBlank()) {
            throw new SettingsException("FTP2SMS_DISPATCHER_GROUP_ID must not be empty");
        }
        if (calendarApplicationId == null || calendarApplicationId.isBlank()) {
            throw new SettingsException("FTP2SMS_DISPATCHER_CALENDAR_APPLICATION_ID must not be empty");
        }
        if (buffer < 100 || buffer > 1_000_000) {
            throw new SettingsException("FTP2SMS_DISPATCHER_BUFFER: 100 to 1 000 000 expected, got " + buffer);
        }
    }

    public static DispatcherSettings fromEnv(Env env) {
        String routesFile = env.string("FTP2SMS_SMSC_ROUTES", null);
        SmscRoutes routes = routesFile != null && !routesFile.isBlank()
                ? SmscRoutes.read(Path.of(routesFile), env)
                : single(env.string("FTP2SMS_SMSC_HOST", "localhost"),
                env.integer("FTP2SMS_SMSC_PORT", 2775),
                env.string("FTP2SMS_SMSC_SYSTEM_ID", "ftp2sms"),
                env.string("FTP2SMS_SMSC_PASSWORD", "ftp2sms"),
                env.integer("FTP2SMS_SMSC_BINDS", 1),
                env.integer("FTP2SMS_SMPP_WINDOW", 50),
                env.integer("FTP2SMS_SMPP_MAX_RATE", 0),
                env.bool("FTP2SMS_SMSC_TLS", false),
                env.string("FTP2SMS_SMSC_TRUSTSTORE", null),
                env.string("FTP2SMS_SMSC_TRUSTSTORE_PASSWORD", null));
        return new DispatcherSettings(
                KafkaSettings.fromEnv(env),
                routes,
                env.instanceId(),
                env.path("FTP2SMS_DATA_DIR", Path.of("./ftp2sms-data")),
                env.string("FTP2SMS_DISPATCHER_GROUP_ID", DEFAULT_GROUP_ID),
                env.string("FTP2SMS_DISPATCHER_CALENDAR_APPLICATION_ID", DEFAULT_CALENDAR_APPLICATION_ID),
                env.integer("FTP2SMS_DISPATCHER_BUFFER", DEFAULT_BUFFER),
                ReplyRules.fromEnv(env));
    }

    /** The single-SMSC variables as one default route named {@code smsc}. */
    static SmscRoutes single(String host, int port, String systemId, String password, int binds, int window, int maxRate,
                             boolean tls, String truststore, String truststorePassword) {
        return new SmscRoutes(List.of(new SmscRoute("smsc", host, port, systemId, password, SmscBindType.TRANSCEIVER, binds,
                window, maxRate, tls, truststore == null || truststore.isBlank() ? null : Path.of(truststore),
                truststorePassword, List.of(), true, null)));
    }

    /** Messages in flight on every bind together: the most that can be submitted twice after a crash. */
    public int window() {
        return routes.totalWindow();
    }

    /**
     * How far past its commit point a partition of the ready topic is read, looking for other connectors' messages
     * behind a backlog: the buffer, at most what a commit's metadata can describe.
     */
    int readAhead() {
        return Math.min(buffer, OffsetTracker.MAX_SPAN);
    }

    /** Messages of one connector held in memory: enough to keep every bind busy, never the whole buffer. */
    int bufferPerConnector() {
        return Math.min(buffer, Math.max(1_000, 4 * window()));
    }

    public DispatcherSettings withMaxRate(int newMaxRate) {
        return withRoutes(new SmscRoutes(routes.all().stream().map(r -> new SmscRoute(r.name(), r.host(), r.port(), r.systemId(),
                r.password(), r.bindType(), r.binds(), r.window(), newMaxRate, r.tls(), r.truststore(), r.truststorePassword(),
                r.prefixes(), r.isDefault(), r.fallback())).toList()));
    }

    public DispatcherSettings withDataDir(Path newDataDir) {
        return new DispatcherSettings(kafka, routes, instanceId, newDataDir, groupId, calendarApplicationId, buffer, replies);
    }

    public DispatcherSettings withRoutes(SmscRoutes newRoutes) {
        return new DispatcherSettings(kafka, newRoutes, instanceId, dataDir, groupId, calendarApplicationId, buffer, replies);
    }

    /** Own consumer group and calendar application: a dispatcher that shares no progress with another. */
    public DispatcherSettings withGroups(String newGroupId, String newCalendarApplicationId) {
        return new DispatcherSettings(kafka, routes, instanceId, dataDir, newGroupId, newCalendarApplicationId, buffer, replies);
    }

    public DispatcherSettings withBuffer(int newBuffer) {
        return new DispatcherSettings(kafka, routes, instanceId, dataDir, groupId, calendarApplicationId, newBuffer, replies);
    }

    public DispatcherSettings withReplies(ReplyRules newReplies) {
        return new DispatcherSettings(kafka, routes, instanceId, dataDir, groupId, calendarApplicationId, buffer, newReplies);
    }
}
