package org.ftp2sms.dispatcher;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoalescingOutputStreamTest {

    /** Records each write call; the first one waits for {@code release}. */
    private static final class Socket extends OutputStream {
        final CountDownLatch inFirstWrite = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> calls = new ArrayList<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            throw new AssertionError("one call per PDU expected");
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (calls.isEmpty()) {
                inFirstWrite.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            calls.add(new String(b, off, len, StandardCharsets.US_ASCII));
            bytes.write(b, off, len);
        }
    }

    @Test
    void pdusWrittenWhileAnotherThreadSendsLeaveTogetherInItsNextCallInOrder() throws Exception {
        Socket socket = new Socket();
        CoalescingOutputStream out = new CoalescingOutputStream(socket);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
            try {
                out.write("<0>".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertThat(socket.inFirstWrite.await(10, TimeUnit.SECONDS)).isTrue();

        // While <0> is being sent, these return at once: the sending thread takes them.
        for (int i = 1; i <= 5; i++) {
            out.write(("<" + i + ">").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        assertThat(first).isNotDone();
        socket.release.countDown();
        first.get(10, TimeUnit.SECONDS);

        assertThat(socket.calls).containsExactly("<0>", "<1><2><3><4><5>");
        // Alone again: a write is sent by its own thread before it returns.
        out.write("<6>".getBytes(StandardCharsets.US_ASCII));
        assertThat(socket.calls).last().isEqualTo("<6>");
    }

    @Test
    void aFailedSendFailsItsWriterAndEveryLaterWrite() throws Exception {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        CoalescingOutputStream out = new CoalescingOutputStream(broken);

        assertThatThrownBy(() -> out.write(new byte[] {1, 2, 3}))
                .isInstanceOf(IOException.class)
                .hasMessage("Broken pipe");
        assertThatThrownBy(() -> out.write(new byte[] {4}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("failed before")
                .hasMessageContaining("Broken pipe");
    }

    @Test
    void manyThreadsWritingAtOnceLoseAndSplitNothing() throws Exception {
        ByteArrayOutputStream socket = new ByteArrayOutputStream();
        CoalescingOutputStream out = new CoalescingOutputStream(socket);
        int threads = 8;
        int perThread = 2_000;
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            writers.add(CompletableFuture.runAsync(
                    () -> {
                        for (int i = 0; i < perThread; i++) {
                            try {
                                out.write(String.format("[%d:%05d]", thread, i).getBytes(StandardCharsets.US_ASCII));
                            } catch (IOException e) {
                                throw new RuntimeException(e);
                            }
                        }
                    },
                    pool));
        }
        try {
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        String all = socket.toString(StandardCharsets.US_ASCII);
        List<String> records = List.of(all.substring(1, all.length() - 1).split("\\]\\["));
        assertThat(records).hasSize(threads * perThread).doesNotHaveDuplicates();
        for (int t = 0; t < threads; t++) {
            String prefix = t + ":";
            // Each thread's PDUs in the order it wrote them.
            assertThat(records.stream().filter(r -> r.startsWith(prefix)).toList())
                    .isSorted();
        }
    }
}
