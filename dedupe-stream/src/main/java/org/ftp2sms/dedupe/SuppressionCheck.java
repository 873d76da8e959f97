package org.ftp2sms.dedupe;

import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.ftp2sms.contract.Suppression;

/**
 * Whether a phone is on the suppression list for a connector: an entry of that connector's scope, or one of the
 * whole installation, whose latest change added it. Both scopes are checked whatever {@code FTP2SMS_SUPPRESSION_SCOPE}
 * says, so changing the setting never frees numbers already on the list.
 */
final class SuppressionCheck {
    private final ReadOnlyKeyValueStore<String, ValueAndTimestamp<Suppression>> store;

    SuppressionCheck(ReadOnlyKeyValueStore<String, ValueAndTimestamp<Suppression>> store) {
        this.store = store;
    }

    boolean isSuppressed(String connectorId, String phone) {
        return suppressed(Suppression.key(connectorId, phone)) || suppressed(Suppression.key(Suppression.INSTALLATION, phone));
    }

    private boolean suppressed(String key) {
        ValueAndTimestamp<Suppression> entry = store.get(key);
        return entry != null && entry.value() != null && entry.value().suppressed();
    }
}
