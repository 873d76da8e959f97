package org.ftp2sms.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The first part of a customer file, as a sample for the API: at most {@link #MAX_BYTES}, cut after a line break.
 * The first rows are enough to detect the format and the columns; a whole 20 MB file would not be.
 */
final class SampleFile {
    static final int MAX_BYTES = 1024 * 1024;

    private SampleFile() {
    }

    /** The sample's bytes; {@code cut} tells whether the file was longer. */
    record Sample(byte[] bytes, boolean cut) {
        /** As text: UTF-8 when it is, else Windows-1252 (the pipeline's own fallback). */
        String text() {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                return new String(bytes, Charset.forName("windows-1252"));
            }
        }
    }

    static Sample read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length <= MAX_BYTES) {
                return new Sample(bytes, false);
            }
            int end = MAX_BYTES;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--;
            }
            return new Sample(Arrays.copyOf(bytes, end == 0 ? MAX_BYTES : end), true);
        }
    }
}
