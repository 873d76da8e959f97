/**
 * Per-file progress: a Kafka Streams aggregation, inside connector-admin, of {@code ftp2sms.ingestions} and
 * {@code ftp2sms.statuses} into each file's rows counted by where they are now ({@link
 * org.ftp2sms.admin.progress.ProgressTopology}), read in place by the API ({@link
 * org.ftp2sms.admin.progress.ProgressQueries}). Exact under repeated statuses and across restarts: every message's
 * current status code is kept, in changelogged stores, exactly-once.
 */
package org.ftp2sms.admin.progress;
