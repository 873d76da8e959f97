package org.ftp2sms.aggregator;

import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.service.ConnectorDirectory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connectors that have a webhook, kept current from the connectors view: while there is none (most
 * installations), the webhook poller reads every status without parsing it.
 */
final class ConnectorsWithWebhook {
    private final Set<String> ids = ConcurrentHashMap.newKeySet();

    ConnectorsWithWebhook(ConnectorDirectory directory) {
        // Listening first: a change between the two is seen by one or the other (a deleted one kept costs a parse).
        directory.onChange(this::apply);
        directory.all().forEach(c -> apply(c.id(), c));
    }

    boolean any() {
        return !ids.isEmpty();
    }

    static boolean hasWebhook(Connector connector) {
        return connector != null && connector.webhook() != null && connector.webhook().url() != null
                && !connector.webhook().url().isBlank();
    }

    private void apply(String id, Connector connector) {
        if (hasWebhook(connector)) {
            ids.add(id);
        } else {
            ids.remove(id);
        }
    }
}
