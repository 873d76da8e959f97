package org.ftp2sms.aggregator;

import org.ftp2sms.contract.ExportRequested;
import org.ftp2sms.contract.Reply;
import org.ftp2sms.contract.Status;

/**
 * What the export processor receives, repartitioned by connector id: exactly one of a final status, a reply or an
 * export request. One type so that the three inputs share one repartition topic and one task per connector.
 */
record AggregatorInput(Status status, Reply reply, ExportRequested request) {
    static AggregatorInput of(Status status) {
        return new AggregatorInput(status, null, null);
    }

    static AggregatorInput of(Reply reply) {
        return new AggregatorInput(null, reply, null);
    }

    static AggregatorInput of(ExportRequested request) {
        return new AggregatorInput(null, null, request);
    }

    String connectorId() {
        return status != null ? status.connectorId() : reply != null ? reply.connectorId() : request.connectorId();
    }
}
