/**
 * The status-aggregator: daily CSV exports and real-time webhooks from {@code ftp2sms.statuses} and
 * {@code ftp2sms.replies}.
 *
 * <h2>Exports</h2>
 * Per connector and UTC day, {@code status_YYYY-MM-DD.csv} (final statuses; a message is in the file of the day its
 * final status came) and {@code received_YYYY-MM-DD.csv}, written into {@code <dataDir>/homes/<connectorId>/exports/}
 * from 02:00 UTC for the previous day ({@link org.ftp2sms.aggregator.DailyExportProcessor}), atomically, kept 30 days.
 * {@code POST /api/v1/exports/{connectorId}/{date}} (connector-admin, through {@code ftp2sms.export-requests})
 * writes a day at once.
 *
 * <h2>Webhooks</h2>
 * A connector with a webhook URL receives every status change (1xx included) and every reply as
 * {@code POST <url>} with {@code Content-Type: application/json} and the body
 * {@code {"type":"status","status":{...}}} or {@code {"type":"reply","reply":{...}}} (the fields of the events on the
 * topics). Headers:
 * <ul>
 *   <li>{@code X-Ftp2sms-Signature: sha256=<hex>}: the lower-case hex HMAC-SHA256 of the exact body bytes, keyed
 *       with the UTF-8 bytes of the connector's webhook secret; verify it over the raw body before parsing, with a
 *       constant-time comparison ({@link org.ftp2sms.aggregator.WebhookSignature#verify});</li>
 *   <li>{@code X-Ftp2sms-Event: status|reply};</li>
 *   <li>{@code X-Ftp2sms-Event-Id}: the same on every redelivery of an event, to drop repeats.</li>
 * </ul>
 * Any 2xx answer within the timeout is a delivery; anything else is retried with exponential backoff. Delivery is
 * at-least-once and in order per connector; after the retry budget an event goes to
 * {@code ftp2sms.webhook-dead-letters} with its exact body. A slow or failing receiver delays only its own connector.
 */
package org.ftp2sms.aggregator;
