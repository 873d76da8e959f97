package org.ftp2sms.smsc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parts of concatenated messages waiting for their siblings, by (system id, source, destination, reference,
 * total), as a handset joins them. A repeated part replaces the earlier copy (a resubmission).
 */
final class Concatenations {
    private final Map<String, ReceivedSubmit[]> pending = new HashMap<>();

    /** Adds {@code part}; returns the whole message once every part is there. */
    synchronized Optional<ReceivedSubmit> add(ReceivedSubmit part, ConcatenatedPart where) {
        String key = part.systemId() + '\u0000' + part.source() + '\u0000' + part.destination() + '\u0000'
                + where.reference() + '\u0000' + where.total();
        ReceivedSubmit[] parts = pending.computeIfAbsent(key, k -> new ReceivedSubmit[where.total()]);
        parts[where.sequence() - 1] = part;
        for (ReceivedSubmit p : parts) {
            if (p == null) {
                return Optional.empty();
            }
        }
        pending.remove(key);
        StringBuilder text = new StringBuilder();
        List<String> ids = new ArrayList<>(parts.length);
        for (ReceivedSubmit p : parts) {
            text.append(p.text());
            ids.add(p.smscMessageId());
        }
        return Optional.of(new ReceivedSubmit(part.systemId(), part.source(), part.destination(), text.toString(),
                part.dataCoding(), ids.get(0), part.udh(), part.at(), parts.length, List.copyOf(ids), part.validityPeriod()));
    }
}
