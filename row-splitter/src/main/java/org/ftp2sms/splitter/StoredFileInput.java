package org.ftp2sms.splitter;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The stored file's bytes, remembering the first I/O error the storage raised. The CSV reader turns every error it
 * meets into a reason for the customer (a quote not closed, a header that cannot be read); this tells a storage
 * failure, which must be retried, apart from a file that is really unreadable, which must be rejected. Also
 * remembers how the file ends, for {@link #looksCutOff()}.
 */
final class StoredFileInput extends FilterInputStream {
    private IOException failure;
    private int last = -1;
    private int beforeLast = -1;
    private boolean atEnd;

    StoredFileInput(InputStream in) {
        super(in);
    }

    Optional<IOException> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Read to its end, the file's last bytes are not a line break (for UTF-16, neither of the last two): it may have
     * been cut, since SFTP cannot tell a client's Ctrl-C from a finished upload. False until the end was read.
     */
    boolean looksCutOff() {
        return atEnd && !isLineBreak(last) && !isLineBreak(beforeLast);
    }

    private static boolean isLineBreak(int b) {
        return b == '\n' || b == '\r';
    }

    @Override
    public int read() throws IOException {
        try {
            int b = super.read();
            atEnd |= b < 0;
            if (b >= 0) {
                beforeLast = last;
                last = b;
            }
            return b;
        } catch (IOException e) {
            throw remembered(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            int n = in.read(b, off, len);
            atEnd |= n < 0;
            if (n >= 2) {
                beforeLast = b[off + n - 2] & 0xff;
                last = b[off + n - 1] & 0xff;
            } else if (n == 1) {
                beforeLast = last;
                last = b[off] & 0xff;
            }
            return n;
        } catch (IOException e) {
            throw remembered(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return super.skip(n);
        } catch (IOException e) {
            throw remembered(e);
        }
    }

    @Override
    public int available() throws IOException {
        try {
            return super.available();
        } catch (IOException e) {
            throw remembered(e);
        }
    }

    private IOException remembered(IOException e) {
        if (failure == null) {
            failure = e;
        }
        return e;
    }
}
