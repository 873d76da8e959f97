package org.ftp2sms.dedupe;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * What the dedupe stream does when a processor throws. The judge refuses a row it fails on by itself (status
 * {@code 890-internal-error}, see {@link DuplicateRecipientProcessor}), so an exception reaching this handler with a
 * record is a fault of the platform (a state store, a bug in a node around the judge): the stream thread fails,
 * is replaced, and re-reads the row from the last commit. Skipping it, as a log-and-continue handler would, loses
 * the row without any status.
 *
 * <p>A punctuation (no record: the retention sweep, the check of rows awaiting their connector) is resumed: it runs
 * again at its next schedule and what it works on stays in its store, so nothing is lost by waiting.
 */
public final class FailUnlessPunctuation implements ProcessingExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(FailUnlessPunctuation.class);

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (record == null) {
            log.error("dedupe punctuation failed in node {} of task {}, retried at its next run: {}",
                    context.processorNodeId(), context.taskId(), exception.toString(), exception);
            return Response.resume();
        }
        log.error("dedupe processing failed in node {} of task {} at {}-{}@{}: failing the stream thread to retry from the last commit",
                context.processorNodeId(), context.taskId(), context.topic(), context.partition(), context.offset(), exception);
        return Response.fail();
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
