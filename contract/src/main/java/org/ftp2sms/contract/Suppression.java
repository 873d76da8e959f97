package org.ftp2sms.contract;

import java.time.Instant;

/**
 * One change of the suppression list, on the compacted {@code ftp2sms.suppressions} topic keyed {@link #key()}: a
 * phone added to it ({@code suppressed} true) or removed from it (false; kept as an event, not a tombstone, so that
 * readers see the removal). Rows to a phone on the list are refused with {@link StatusCode#SUPPRESSED}.
 *
 * @param scope          the connector whose rows it stops, or {@link #INSTALLATION} for every connector
 * @param phone          E.164 digits, no {@code +} (as {@link Row#phone()})
 * @param connectorId    the connector told of the change (webhook): the one whose message the reply answered, or
 *                       the scope; null for an installation-wide change nobody's message caused
 * @param replyMessageId the reply that caused it, null when an operator did
 */
public record Suppression(
        String scope,
        String phone,
        boolean suppressed,
        String connectorId,
        SuppressionSource source,
        String replyMessageId,
        Instant at) {

    /** The scope of an entry that stops the rows of every connector. */
    public static final String INSTALLATION = "*";

    public String key() {
        return key(scope, phone);
    }

    public static String key(String scope, String phone) {
        return scope + ":" + phone;
    }
}
