package org.ftp2sms.dedupe;

import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.connector.SendingOptions;

/**
 * A row joined with its connector's sending options; {@code connectorKnown} is false when the connectors table did
 * not hold the connector (then the options are the defaults). Lives only inside the topology.
 */
record RowWithOptions(Row row, SendingOptions options, boolean connectorKnown) {

    static RowWithOptions of(Row row, ConnectorOptions connector) {
        return new RowWithOptions(row, optionsOf(connector), connector != null);
    }

    /** The connector's options, or the defaults for an unknown or deleted connector. */
    static SendingOptions optionsOf(ConnectorOptions connector) {
        return connector == null || connector.options() == null ? SendingOptions.defaults() : connector.options();
    }
}
