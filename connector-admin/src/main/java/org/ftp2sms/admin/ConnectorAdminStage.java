package org.ftp2sms.admin;

import io.javalin.Javalin;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ftp2sms.admin.console.ConsoleRoutes;
import org.ftp2sms.admin.console.ConsoleSessions;
import org.ftp2sms.admin.progress.ProgressQueries;
import org.ftp2sms.admin.progress.ProgressTopology;
import org.ftp2sms.service.ConnectorDirectory;
import org.ftp2sms.service.Stage;
import org.ftp2sms.service.StreamsApp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The admin API: the connector lifecycle (sample, preview, create, update, rotate credentials, delete) and the
 * progress of every file (a Kafka Streams aggregation of reports and statuses, {@link ProgressTopology}), over HTTP,
 * and export requests to the status-aggregator; settings in {@link AdminSettings}.
 */
public final class ConnectorAdminStage implements Stage {
    private static final Logger log = LoggerFactory.getLogger(ConnectorAdminStage.class);

    private final AdminSettings settings;
    private final MeterRegistry registry;
    private final Clock clock;
    private ConnectorDirectory directory;
    private StreamsApp progress;
    private ConnectorStore store;
    private KafkaProducer<String, byte[]> exportRequests;
    private SuppressionList suppressions;
    private Javalin http;
    private volatile boolean running;

    public ConnectorAdminStage(AdminSettings settings, MeterRegistry registry) {
        this(settings, registry, Clock.systemUTC());
    }

    public ConnectorAdminStage(AdminSettings settings, MeterRegistry registry, Clock clock) {
        this.settings = settings;
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "connector-admin";
    }

    /**
     * Opens the views, the producers and the HTTP server in that order. If any of them fails to start, what was
     * already opened is closed again (in reverse order) before the failure is rethrown: a failed start leaves no
     * consumer, producer or thread behind.
     */
    @Override
    public synchronized void start() {
        try {
            open();
        } catch (RuntimeException | Error e) {
            closeOpened(e);
            throw e;
        }
        running = true;
        log.info("admin API listening on port {}", http.port());
    }

    private void open() {
        directory = new ConnectorDirectory(settings.kafka(), "connector-admin-connectors").start();
        AdminSettings.Storage p = settings.storage();
        try {
            Files.createDirectories(p.stateDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + p.stateDir(), e);
        }
        Properties progressProps = settings.kafka().streamsOffThePath(p.applicationId(), p.stateDir());
        progress = new StreamsApp("admin-progress", ProgressTopology.build(clock, Duration.ofDays(p.progressRetentionDays())),
                progressProps, registry).start();
        KafkaProducer<String, byte[]> connectorsProducer = ConnectorStore.producer(settings.kafka());
        try {
            store = new ConnectorStore(connectorsProducer, directory, clock);
        } catch (RuntimeException e) {
            connectorsProducer.close(Duration.ZERO);
            throw e;
        }
        ConnectorValidator validator = new ConnectorValidator(settings.webhookAddresses());
        exportRequests = new KafkaProducer<>(settings.kafka().producer("connector-admin-exports"),
                new StringSerializer(), new ByteArraySerializer());
        suppressions = SuppressionList.start(settings.kafka(), clock);
        StreamsApp streams = progress;
        http = new AdminApi(store, new ProgressQueries(streams::streams), validator, new ExportRequests(exportRequests, clock), settings,
                new ConsoleSessions(clock), suppressions)
                .create(this::isHealthy);
        http.start();
    }

    /** The bound HTTP port (useful when 0 was asked). */
    public int httpPort() {
        return http.port();
    }

    /** The API's HTTP routes, as {@code METHOD path} (e.g. {@code GET /api/v1/connectors/{id}}); not the console's. */
    public List<String> routes() {
        return http.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(e -> e.endpoint.method.isHttpMethod())
                .filter(e -> !ConsoleRoutes.isConsolePath(e.endpoint.path))
                .map(e -> e.endpoint.method.name() + " " + e.endpoint.path)
                .distinct()
                .toList();
    }

    @Override
    public boolean isHealthy() {
        return running && directory.isHealthy() && progress.isHealthy() && suppressions.isHealthy();
    }

    @Override
    public synchronized void close() {
        running = false;
        for (AutoCloseable closeable : openedNewestFirst()) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("connector-admin: a part did not close cleanly: {}", e.toString(), e);
            }
        }
    }

    /** After a failed start: closes what was opened, newest first; a failure to close is added to {@code cause}. */
    private void closeOpened(Throwable cause) {
        for (AutoCloseable closeable : openedNewestFirst()) {
            try {
                closeable.close();
            } catch (Exception e) {
                cause.addSuppressed(e);
            }
        }
        http = null;
        store = null;
        exportRequests = null;
        suppressions = null;
        progress = null;
        directory = null;
    }

    /** What is open, in the reverse order of {@link #open()}: each part is closed before those it uses. */
    private List<AutoCloseable> openedNewestFirst() {
        List<AutoCloseable> opened = new ArrayList<>();
        if (http != null) {
            opened.add(http::stop);
        }
        if (store != null) {
            opened.add(store::close);
        }
        if (suppressions != null) {
            opened.add(suppressions::close);
        }
        if (exportRequests != null) {
            KafkaProducer<String, byte[]> producer = exportRequests;
            opened.add(() -> producer.close(Duration.ofSeconds(10)));
        }
        if (progress != null) {
            opened.add(progress::close);
        }
        if (directory != null) {
            opened.add(directory::close);
        }
        return opened;
    }
}
