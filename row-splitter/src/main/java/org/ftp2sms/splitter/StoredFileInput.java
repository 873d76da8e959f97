package org.ftp2sms.splitter;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The stored file's bytes, remembering the first I/O error the storage raised. The CSV reader turns every error it
 * meets into a reason for the customer (a quote not closed, a header that cannot be read); this tells a storage
 * failure, which must be retried, apart from a file that is really unreadable, which must be rejected.
 */
final class StoredFileInput extends FilterInputStream {
    private IOException failure;

    StoredFileInput(InputStream in) {
        super(in);
    }

    Optional<IOException> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            throw remembered(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return in.read(b, off, len);
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
