package org.ftp2sms.renderer;

import org.ftp2sms.contract.StatusCode;

import java.util.HashMap;
import java.util.Map;

/** The template timeouts of each connector within one poll batch (see {@link BatchLimits}). */
final class TemplateTimeouts {
    private final BatchLimits limits;
    private final Map<String, Integer> byConnector = new HashMap<>();

    TemplateTimeouts(BatchLimits limits) {
        this.limits = limits;
    }

    /** The number of timeouts once the connector's rows are to be refused unrendered, else 0. */
    int refusing(String connectorId) {
        int count = byConnector.getOrDefault(connectorId, 0);
        return count >= limits.timeoutsBeforeRefusing() ? count : 0;
    }

    /** Notes a render of that connector's template; true when it counts as a timeout. */
    boolean rendered(String connectorId, Rendering rendering, long tookNanos) {
        boolean timedOut = rendering instanceof Rendering.Refused refused
                && refused.status().statusCode() == StatusCode.TEMPLATE_ERROR.code()
                && tookNanos >= limits.slowRender().toNanos();
        if (timedOut) {
            byConnector.merge(connectorId, 1, Integer::sum);
        }
        return timedOut;
    }
}
