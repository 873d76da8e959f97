package org.ftp2sms.renderer;

import java.time.Duration;

/**
 * What one poll batch may cost. A batch of up to {@link RendererStage#MAX_POLL_RECORDS} rows is one transaction only
 * while it is fast: past {@code timeBudget} its rows so far are committed and the rest go on in a new
 * transaction, so a slow batch never outlives {@code transaction.timeout.ms} (60 s by default), which would fence
 * the producer and make the same batch be read again forever. And a connector whose template was stopped by the
 * render-time guard {@code timeoutsBeforeRefusing} times in a batch has its other rows of that batch refused
 * (804) without rendering: a hostile template costs a few guard periods per batch, not one per row.
 *
 * @param timeBudget             rendering time after which the open transaction is committed
 * @param timeoutsBeforeRefusing template timeouts of one connector in a batch before its rows are refused unrendered
 * @param slowRender             a template error after at least this long counts as a timeout (the guard stops a
 *                               render at 2 s; half of that tells it from an ordinary template error)
 */
record BatchLimits(Duration timeBudget, int timeoutsBeforeRefusing, Duration slowRender) {
    static final BatchLimits DEFAULTS = new BatchLimits(Duration.ofSeconds(10), 3, Duration.ofSeconds(1));
}
