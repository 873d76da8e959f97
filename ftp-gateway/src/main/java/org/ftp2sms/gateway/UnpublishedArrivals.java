package org.ftp2sms.gateway;

import org.ftp2sms.contract.FileArrived;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Sends again the {@code FileArrived} events that could not be published when their upload completed (kept under
 * {@code store/unpublished/}): at start and then periodically, until Kafka takes them. An accepted upload is
 * never left unannounced.
 */
final class UnpublishedArrivals implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(UnpublishedArrivals.class);

    private final UploadStore store;
    private final ArrivalPublisher publisher;
    private final String instanceId;

    UnpublishedArrivals(UploadStore store, ArrivalPublisher publisher, String instanceId) {
        this.store = store;
        this.publisher = publisher;
        this.instanceId = instanceId;
    }

    @Override
    public void run() {
        List<Path> claimed;
        try {
            claimed = store.claimUnpublished(instanceId);
        } catch (IOException e) {
            log.warn("unpublished arrivals not readable: {}", e.toString());
            return;
        }
        for (Path file : claimed) {
            FileArrived event;
            try {
                event = UploadStore.readUnpublished(file);
            } catch (IOException e) {
                log.error("unpublished arrival unreadable, left for an operator: file={} error={}", file, e.toString());
                continue;
            }
            try {
                publisher.publish(event);
                Files.deleteIfExists(file);
                log.info("upload announced late: connectorId={} fileIngestionId={} file={}", event.connectorId(),
                        event.fileIngestionId(), event.fileName());
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                // Kafka still away: the rest waits for the next round.
                log.warn("upload still not announced: connectorId={} fileIngestionId={} error={}", event.connectorId(),
                        event.fileIngestionId(), e.toString());
                return;
            }
        }
    }
}
