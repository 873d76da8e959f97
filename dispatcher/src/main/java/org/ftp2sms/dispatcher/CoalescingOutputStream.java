package org.ftp2sms.dispatcher;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A bind's socket output shared by all its threads (submitters, receipt handlers answering deliver_sm): each
 * {@code write} is one whole PDU (jSMPP's sender writes a PDU in one call, then flushes). The bytes are appended to a
 * buffer, and a thread that finds no send in progress sends the buffer, again and again until it is empty; a thread
 * arriving while another sends leaves its PDU to that one and returns. Under load several PDUs then leave in one
 * system call and reach the SMSC's reader in one read, instead of a call, a lock hand-off and a wake-up each.
 *
 * <p>A PDU left to another thread is sent after its {@code write} returns; if that send fails, the connection is
 * broken, every later write fails, and the PDU's response never comes: jSMPP's response timeout and the bind's
 * reconnect handle it as any PDU lost with a broken connection.
 */
final class CoalescingOutputStream extends OutputStream {
    private final OutputStream out;
    /** Appended to by every thread, under this stream's lock. */
    private byte[] pending = new byte[8192];

    private int size;
    /** The sender's buffer, swapped with {@link #pending} when it takes what is there. */
    private byte[] sending = new byte[8192];

    private boolean busy;
    private IOException failed;

    CoalescingOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        synchronized (this) {
            if (failed != null) {
                throw new IOException("the connection failed before: " + failed.getMessage(), failed);
            }
            if (size + len > pending.length) {
                pending = Arrays.copyOf(pending, Math.max(pending.length * 2, size + len));
            }
            System.arraycopy(b, off, pending, size, len);
            size += len;
            if (busy) {
                return; // the thread sending now takes these bytes on its next turn
            }
            busy = true;
        }
        sendAll();
    }

    private void sendAll() throws IOException {
        while (true) {
            int length;
            synchronized (this) {
                if (size == 0) {
                    busy = false;
                    return;
                }
                byte[] taken = pending;
                pending = sending.length >= taken.length ? sending : new byte[taken.length];
                sending = taken;
                length = size;
                size = 0;
            }
            try {
                out.write(sending, 0, length);
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    failed = e instanceof IOException io ? io : new IOException(e);
                    busy = false;
                    size = 0;
                }
                throw e;
            }
        }
    }

    /** Nothing to do: whatever was written is sent, or being sent by another thread. */
    @Override
    public void flush() {}

    @Override
    public void close() throws IOException {
        out.close();
    }
}
