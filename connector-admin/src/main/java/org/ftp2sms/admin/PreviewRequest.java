package org.ftp2sms.admin;

import org.ftp2sms.contract.connector.Mapping;
import org.ftp2sms.contract.connector.SendingOptions;

/**
 * The body of {@code POST /api/v1/connectors/preview}: the parts of a connector that decide the messages, and a
 * sample file as text (header line first). {@code options} may be left out (the defaults apply).
 * {@code connectorId}, when given, applies that connector's suppression list (the installation's always applies).
 */
public record PreviewRequest(String template, Mapping mapping, SendingOptions options, String sample, String connectorId) {
}
