package org.ftp2sms.splitter;

import org.ftp2sms.contract.IngestionState;

/**
 * How a file ended. {@code state} is null when the stored file was missing (a replay of a file already processed
 * and deleted): nothing was published.
 */
record SplitOutcome(IngestionState state, long rows, long invalidRows, String reason) {

    static SplitOutcome missing(String reason) {
        return new SplitOutcome(null, 0, 0, reason);
    }

    boolean isMissing() {
        return state == null;
    }
}
