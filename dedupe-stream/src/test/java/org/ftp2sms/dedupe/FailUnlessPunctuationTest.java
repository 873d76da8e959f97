package org.ftp2sms.dedupe;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler.Result;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A record that fails processing is never skipped (that would lose it without a status); a punctuation is retried. */
class FailUnlessPunctuationTest {
    private final FailUnlessPunctuation handler = new FailUnlessPunctuation();

    @Test
    void aFailedRecordFailsTheThreadSoItIsReadAgainFromTheLastCommit() {
        var response = handler.handleError(new Context(), new Record<>("c1:32470000001", "row", 0L), new IllegalStateException("boom"));
        assertThat(response.result()).isEqualTo(Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void aFailedPunctuationResumesToRunAgainOnItsSchedule() {
        assertThat(handler.handleError(new Context(), null, new IllegalStateException("boom")).result()).isEqualTo(Result.RESUME);
    }

    /** The context Kafka Streams hands the handler; only read for the log line. */
    private static final class Context implements ErrorHandlerContext {
        @Override
        public String topic() {
            return "ftp2sms.rows";
        }

        @Override
        public int partition() {
            return 0;
        }

        @Override
        public long offset() {
            return 7;
        }

        @Override
        public Headers headers() {
            return new RecordHeaders();
        }

        @Override
        public String processorNodeId() {
            return "judge";
        }

        @Override
        public TaskId taskId() {
            return new TaskId(0, 0);
        }

        @Override
        public long timestamp() {
            return 0;
        }

        @Override
        public byte[] sourceRawKey() {
            return null;
        }

        @Override
        public byte[] sourceRawValue() {
            return null;
        }
    }
}
