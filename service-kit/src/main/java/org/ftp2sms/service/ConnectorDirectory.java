package org.ftp2sms.service;

import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.connector.Connector;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * Every stage's live view of the compacted connectors topic: a change applies to what arrives after it,
 * within a poll, without a restart.
 */
public final class ConnectorDirectory implements AutoCloseable {
    private final LiveTopicView<Connector> view;

    public ConnectorDirectory(KafkaSettings kafka, String clientId) {
        this.view = new LiveTopicView<>(kafka, Topics.CONNECTORS, Connector.class, clientId);
    }

    public ConnectorDirectory start() {
        try {
            view.start(Duration.ofSeconds(60));
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not read " + Topics.CONNECTORS + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + Topics.CONNECTORS, e);
        }
        return this;
    }

    public Optional<Connector> find(String connectorId) {
        return view.get(connectorId);
    }

    public Optional<Connector> findByUsername(String username) {
        // A handful of connectors per deployment: a scan is cheaper than keeping a second index consistent.
        return view.values().stream()
                .filter(c -> c.access() != null && username.equals(c.access().username()))
                .findFirst();
    }

    public Collection<Connector> all() {
        return view.values();
    }

    /** {@code connector} is null when the connector was deleted. */
    public void onChange(BiConsumer<String, Connector> listener) {
        view.onChange(listener);
    }

    /** Waits until a connector written at {@code offset} of {@code partition} is visible here. */
    public void awaitPosition(int partition, long offset, Duration timeout) throws TimeoutException, InterruptedException {
        view.awaitPosition(partition, offset, timeout);
    }

    public boolean isHealthy() {
        return view.isHealthy();
    }

    /** Records of the connectors topic skipped as unreadable since start (see {@link LiveTopicView}). */
    public long unreadable() {
        return view.unreadable();
    }

    @Override
    public void close() {
        view.close();
    }
}
