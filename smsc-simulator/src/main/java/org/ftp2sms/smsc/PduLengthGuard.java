package org.ftp2sms.smsc;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads an SMPP byte stream and refuses a PDU whose {@code command_length} is below the 16-byte header or above
 * {@code max}. jSMPP's server allocates whatever that field says before reading: four bytes of an HTTP request
 * ({@code "GET "}, 1.2 GB) sent to the SMPP port ran the JVM out of memory. The connection is closed instead.
 */
final class PduLengthGuard extends FilterInputStream {
    private final int max;
    /** Bytes of the current PDU still to come after its length field. */
    private long remaining;
    private int lengthBytes;
    private long length;

    PduLengthGuard(InputStream in, int max) {
        super(in);
        this.max = max;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            consume(b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        for (int i = 0; i < n; ) {
            if (remaining > 0) {
                int skip = (int) Math.min(remaining, n - i);
                remaining -= skip;
                i += skip;
            } else {
                consume(buffer[offset + i] & 0xFF);
                i++;
            }
        }
        return n;
    }

    private void consume(int b) throws IOException {
        if (remaining > 0) {
            remaining--;
            return;
        }
        length = (length << 8) | b;
        if (++lengthBytes < 4) {
            return;
        }
        if (length < 16 || length > max) {
            throw new IOException("SMPP command_length " + length + " refused (16 to " + max + ")");
        }
        remaining = length - 4;
        lengthBytes = 0;
        length = 0;
    }
}
