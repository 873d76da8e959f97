package org.ftp2sms.dedupe;

import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.SendingOptions;

/** A row joined with its connector's sending options. Lives only inside the topology. */
record RowWithOptions(Row row, SendingOptions options) {

    /**
     * A row of an unknown or deleted connector is still de-duplicated within its file (the default); the renderer
     * refuses it later with its own status.
     */
    static RowWithOptions of(Row row, Connector connector) {
        return new RowWithOptions(row, optionsOf(connector));
    }

    /** The connector's options, or the defaults for an unknown or deleted connector. */
    static SendingOptions optionsOf(Connector connector) {
        return connector == null || connector.options() == null ? SendingOptions.defaults() : connector.options();
    }
}
