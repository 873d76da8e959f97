package org.ftp2sms.dedupe;

import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;

/**
 * A row and, when it does not go on, why: a duplicate, or {@link StatusCode#INTERNAL_ERROR} when judging it failed.
 * Lives only inside the topology, never on a topic.
 */
record DedupeVerdict(Row row, StatusCode duplicate) {

    boolean isUnique() {
        return duplicate == null;
    }

    /** The refusal status of a row that does not go on; its time is the row's event time. */
    Status status() {
        return Status.of(row.messageId(), row.fileIngestionId(), row.connectorId(), row.phone(), duplicate,
                null, null, row.receivedAt());
    }
}
