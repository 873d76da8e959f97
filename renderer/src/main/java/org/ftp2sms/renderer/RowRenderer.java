package org.ftp2sms.renderer;

import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.SendingOptions;
import org.ftp2sms.rules.compose.Composition;
import org.ftp2sms.rules.compose.MessageComposer;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Turns a row into its message with the connector's template and max-parts rule ({@link MessageComposer}, the
 * same rules as the admin preview), or into a refusal. Refusals are timed at the row's {@code receivedAt} (event
 * time), so a replay yields the same status.
 */
final class RowRenderer {
    private final Clock clock;

    RowRenderer(Clock clock) {
        this.clock = clock;
    }

    /** {@code connector} is null when it does not exist (any more). */
    Rendering render(Row row, Connector connector) {
        if (connector == null) {
            return refused(row, StatusCode.CONNECTOR_DELETED, "connector " + row.connectorId() + " does not exist (deleted?)");
        }
        int maxParts = (connector.options() == null ? SendingOptions.defaults() : connector.options()).maxParts();
        Map<String, String> columns = row.columns() == null ? Map.of() : row.columns();
        Composition composition;
        try {
            composition = MessageComposer.compose(connector.template(), maxParts, columns);
        } catch (RuntimeException e) {
            // A template the rules did not foresee must cost one row, not the stage.
            return refused(row, StatusCode.TEMPLATE_ERROR, "rendering failed: " + e);
        }
        if (composition instanceof Composition.Composed composed) {
            return new Rendering.ToSend(new Message(
                    row.messageId(),
                    row.fileIngestionId(),
                    row.connectorId(),
                    row.phone(),
                    connector.sender(),
                    composed.text(),
                    composed.layout().encoding(),
                    composed.layout().parts(),
                    row.receivedAt()));
        }
        Composition.Refused refusal = (Composition.Refused) composition;
        return refused(row, refusal.code(), refusal.detail());
    }

    /** A row of a connector whose template kept timing out: refused as a template error, without rendering it. */
    Rendering refusedUnrendered(Row row, int timeouts) {
        return refused(row, StatusCode.TEMPLATE_ERROR, "not rendered: the template timed out on " + timeouts
                + " rows of this batch already");
    }

    /** The status of a row that could not be judged (read without its connector); its message id is known. */
    Status internalError(Row row) {
        return ((Rendering.Refused) refused(row, StatusCode.INTERNAL_ERROR, "unreadable row")).status();
    }

    private Rendering refused(Row row, StatusCode code, String detail) {
        Instant at = row.receivedAt() == null ? clock.instant() : row.receivedAt();
        return new Rendering.Refused(
                Status.of(row.messageId(), row.fileIngestionId(), row.connectorId(), row.phone(), code, null, null, at),
                detail);
    }
}
