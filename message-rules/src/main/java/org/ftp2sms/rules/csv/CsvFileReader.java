package org.ftp2sms.rules.csv;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Opens a CSV file as a stream: detects its encoding and delimiter on a sample of its first bytes, checks the header
 * rules, and hands back a {@link CsvFile} to iterate, or a {@link CsvRejection} saying why not.
 *
 * <p>Encoding: UTF-8 (with or without BOM) when the sample is valid UTF-8, else Windows-1252. A UTF-8 character cut
 * by the sample's end is not taken as invalid. Bytes that are not UTF-8 further on, in a file whose sample was, end
 * the reading with a {@link CsvFileException} rather than being sent as garbled text.
 * <p>Header: the first line. Names are letters (A-Z, a-z), digits and {@code _} only, trimmed of surrounding white
 * space, and unique; otherwise the file is rejected, naming every refused column.
 */
public final class CsvFileReader {
    static final int SAMPLE_BYTES = 64 * 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final char[] DELIMITERS = {',', ';', '\t'};

    private CsvFileReader() {
    }

    /** Opens {@code in}; the returned {@link CsvFile} owns the stream (close it). A rejection leaves it to the caller. */
    public static CsvOpening open(InputStream in) {
        byte[] sample;
        try {
            sample = in.readNBytes(SAMPLE_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean wholeFile = sample.length < SAMPLE_BYTES;
        if (sample.length == 0) {
            return CsvRejection.of("the file is empty");
        }
        if (startsWith(sample, 0xFF, 0xFE) || startsWith(sample, 0xFE, 0xFF)) {
            return CsvRejection.of("the file is in UTF-16 (\"Unicode text\"): save it as CSV in UTF-8");
        }
        boolean bom = startsWith(sample, 0xEF, 0xBB, 0xBF);
        int start = bom ? 3 : 0;
        if (hasNul(sample)) {
            return CsvRejection.of("the file is not text (it holds binary content): upload a CSV file");
        }
        String text = decodeUtf8(sample, start, wholeFile);
        Charset charset = StandardCharsets.UTF_8;
        if (text == null) {
            charset = WINDOWS_1252;
            text = new String(sample, start, sample.length - start, WINDOWS_1252);
        }
        if (controlCharacters(text) * 100L > text.length()) {
            return CsvRejection.of("the file is not text (it holds binary content): upload a CSV file");
        }
        String headerLine = firstLine(text);
        if (headerLine.isBlank()) {
            return CsvRejection.of("the file has no header line: its first line must name the columns");
        }
        char delimiter = delimiterOf(headerLine);
        String lineEnding = lineEndingOf(text, headerLine.length());
        String encodingName = charset == StandardCharsets.UTF_8 ? "UTF-8" : "windows-1252";

        CSVParser parser;
        Iterator<CSVRecord> records;
        List<String> columns = new ArrayList<>();
        try {
            InputStream rest = new SequenceInputStream(new ByteArrayInputStream(sample, start, sample.length - start), in);
            parser = CSVParser.builder()
                    .setReader(new InputStreamReader(rest, decoder(charset)))
                    .setFormat(CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).get())
                    .get();
            records = parser.iterator();
            if (!records.hasNext()) {
                return CsvRejection.of("the file has no header line: its first line must name the columns");
            }
            records.next().forEach(name -> columns.add(name.strip()));
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            return CsvRejection.of("the header line cannot be read: " + e.getMessage());
        }
        CsvFormat format = new CsvFormat(delimiter, encodingName, bom, lineEnding, columns);
        List<InvalidColumn> invalid = invalidColumns(columns);
        if (!invalid.isEmpty()) {
            closeQuietly(parser);
            StringBuilder reason = new StringBuilder("the header is refused: ");
            for (int i = 0; i < invalid.size(); i++) {
                InvalidColumn c = invalid.get(i);
                reason.append(i == 0 ? "" : "; ").append("column ").append(c.position()).append(" \"").append(c.name())
                        .append("\" ").append(c.reason());
            }
            return new CsvRejection(reason.toString(), format, invalid);
        }
        return new CsvFile(format, parser, records);
    }

    /** The header rules alone, e.g. for the admin's sample analysis. */
    public static List<InvalidColumn> invalidColumns(List<String> columns) {
        List<InvalidColumn> invalid = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            String name = columns.get(i);
            if (name.isEmpty()) {
                invalid.add(new InvalidColumn(i + 1, name, "has no name"));
            } else if (!NAME.matcher(name).matches()) {
                invalid.add(new InvalidColumn(i + 1, name, "has characters other than letters, digits and _"));
            } else if (seen.containsKey(name)) {
                invalid.add(new InvalidColumn(i + 1, name, "repeats column " + seen.get(name)));
            } else {
                seen.put(name, i + 1);
            }
        }
        return invalid;
    }

    /** The decoded sample, or null when it is not UTF-8; a sequence cut by the end of a partial sample is fine. */
    private static String decodeUtf8(byte[] sample, int start, boolean wholeFile) {
        CharsetDecoder decoder = decoder(StandardCharsets.UTF_8);
        ByteBuffer bytes = ByteBuffer.wrap(sample, start, sample.length - start);
        CharBuffer chars = CharBuffer.allocate(sample.length);
        CoderResult result = decoder.decode(bytes, chars, wholeFile);
        if (result.isError()) {
            return null;
        }
        if (wholeFile && decoder.flush(chars).isError()) {
            return null;
        }
        if (!wholeFile && bytes.remaining() > 3) {
            return null;
        }
        return chars.flip().toString();
    }

    private static CharsetDecoder decoder(Charset charset) {
        CodingErrorAction action = charset == StandardCharsets.UTF_8 ? CodingErrorAction.REPORT : CodingErrorAction.REPLACE;
        return charset.newDecoder().onMalformedInput(action).onUnmappableCharacter(action);
    }

    /** The first record's text: up to the first line break outside quotes. */
    private static String firstLine(String text) {
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                return text.substring(0, i);
            }
        }
        return text;
    }

    /** The candidate found most often outside quotes; a one-column file gets {@code ,}. */
    private static char delimiterOf(String headerLine) {
        int[] counts = new int[DELIMITERS.length];
        boolean quoted = false;
        for (int i = 0; i < headerLine.length(); i++) {
            char c = headerLine.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            for (int d = 0; d < DELIMITERS.length && !quoted; d++) {
                if (c == DELIMITERS[d]) {
                    counts[d]++;
                }
            }
        }
        int best = 0;
        for (int d = 1; d < DELIMITERS.length; d++) {
            if (counts[d] > counts[best]) {
                best = d;
            }
        }
        return DELIMITERS[best];
    }

    private static String lineEndingOf(String text, int headerEnd) {
        if (headerEnd >= text.length()) {
            return "LF";
        }
        if (text.charAt(headerEnd) == '\r') {
            return headerEnd + 1 < text.length() && text.charAt(headerEnd + 1) == '\n' ? "CRLF" : "CR";
        }
        return "LF";
    }

    private static long controlCharacters(String text) {
        return text.chars().filter(c -> (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F).count();
    }

    private static boolean hasNul(byte[] sample) {
        for (byte b : sample) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static void closeQuietly(CSVParser parser) {
        try {
            parser.close();
        } catch (IOException e) {
            // Only reading.
        }
    }
}
