package org.ftp2sms.service;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;

import java.util.List;
import java.util.Map;

/**
 * Kafka Streams' answer to a record it cannot deserialize, for every {@link StreamsApp}: one log line and a metric
 * ({@link Unreadable}), the raw record to {@link org.ftp2sms.contract.Topics#DEAD_LETTERS} (sent by Streams in
 * the task's own transaction, so exactly once with the offset that moves past it), and processing goes on.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
    private String reader = "streams";

    @Override
    public void configure(Map<String, ?> configs) {
        Object applicationId = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        if (applicationId != null) {
            reader = applicationId.toString();
        }
    }

    /** Global tables run under the task id -1_-1. */
    private static boolean isGlobal(ErrorHandlerContext context) {
        TaskId task = context.taskId();
        return task == null || task.subtopology() < 0;
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        Unreadable skipped = new Unreadable(record.topic(), record.partition(), record.offset(), reader,
                Unreadable.reasonOf(exception)).report();
        if (isGlobal(context)) {
            // A global table's thread has no producer to send with (Streams would fail the thread on a cast); the
            // record stays on its topic, where the live views set it aside too.
            return Response.resume();
        }
        return Response.resume(List.of(DeadLetters.ofRaw(skipped, record.key(), record.value())));
    }
}
