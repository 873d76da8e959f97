package org.ftp2sms.splitter;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random files for fuzzing the splitter, from a seed: raw random bytes, bytes from an alphabet of CSV-significant
 * characters, and structured CSV with every kind of trouble (bad or repeated names, missing phone column, quoted
 * fields with delimiters, quotes and newlines, unclosed quotes, wrong field counts, odd encodings, cut-off ends).
 */
final class RandomFiles {
    private static final String[] GOOD_NAMES = {"phone", "first_name", "code", "City", "x1", "_", "NAME_2"};
    private static final String[] BAD_NAMES = {"first name", "e-mail", "", "prénom", "phone", " phone ", "\"q\"\"x\""};
    private static final String[] PHONES = {"0476123456", "+32 476 12 34 56", "0032476123456", "(0476) 12.34.56",
            "0476/12-34-56", "32476123456", "+33 6 12 34 56 78", "", " ", "garbage", "12", "3.24761E+10", "+32+476",
            "047#6123456", "٠٤٧٦١٢٣٤٥٦", "+", "00", "0", "+999 123", "0476 12 34 56 78 90 12 34 56 78 90"};
    private static final String[] TEXTS = {"Ann", "Bob, Jr.", "a;b", "tab\there", "say \"hi\"", "line\nbreak", "crlf\r\nx",
            "é à ü", "日本", "😀", "=1+2", "", "   ", "\u00A0", "x".repeat(300)};
    private static final byte[] ALPHABET = {',', ';', '\t', '"', '\r', '\n', 'p', 'h', 'o', 'n', 'e', '0', '4', '7', '6', '+',
            ' ', '.', '-', 0, (byte) 0xC3, (byte) 0xA9, (byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 0xFF, (byte) 0xFE, 0x1A};

    private RandomFiles() {
    }

    static byte[] file(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> randomBytes(random);
            case 1 -> fromAlphabet(random);
            default -> damaged(random, csv(random));
        };
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(3000)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] fromAlphabet(Random random) {
        byte[] bytes = new byte[random.nextInt(3000)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return bytes;
    }

    private static byte[] csv(Random random) {
        char delimiter = pick(random, ',', ';', '\t');
        String eol = new String[]{"\n", "\r\n", "\r"}[random.nextInt(3)];
        int columns = 1 + random.nextInt(5);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < columns; i++) {
            names.add(random.nextInt(25) > 0 ? GOOD_NAMES[random.nextInt(GOOD_NAMES.length)] : BAD_NAMES[random.nextInt(BAD_NAMES.length)]);
        }
        if (random.nextInt(4) > 0 && !names.contains("phone")) {
            names.set(random.nextInt(columns), "phone");
        }
        StringBuilder text = new StringBuilder();
        appendLine(text, names, delimiter, eol, random);
        int rows = random.nextInt(30);
        for (int r = 0; r < rows; r++) {
            int fields = random.nextInt(8) == 0 ? Math.max(0, columns + random.nextInt(3) - 1) : columns;
            List<String> values = new ArrayList<>();
            for (int f = 0; f < fields; f++) {
                boolean phone = f < names.size() && names.get(f).equals("phone");
                values.add(phone || random.nextInt(3) == 0 ? PHONES[random.nextInt(PHONES.length)] : TEXTS[random.nextInt(TEXTS.length)]);
            }
            if (random.nextInt(15) == 0) {
                text.append(eol); // a blank line
            }
            appendLine(text, values, delimiter, eol, random);
        }
        Charset charset = switch (random.nextInt(6)) {
            case 0 -> Charset.forName("windows-1252");
            case 1 -> StandardCharsets.UTF_16;
            default -> StandardCharsets.UTF_8;
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (charset == StandardCharsets.UTF_8 && random.nextBoolean()) {
            out.writeBytes(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        }
        out.writeBytes(text.toString().getBytes(charset));
        return out.toByteArray();
    }

    /** Quotes a value when it needs it, and now and then breaks the quoting on purpose. */
    private static void appendLine(StringBuilder text, List<String> values, char delimiter, String eol, Random random) {
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (i > 0) {
                text.append(delimiter);
            }
            boolean needsQuotes = value.indexOf(delimiter) >= 0 || value.contains("\"") || value.contains("\n") || value.contains("\r");
            int mode = random.nextInt(200);
            if (mode == 0) {
                text.append('"').append(value); // never closed
            } else if (mode == 1) {
                text.append('"').append(value).append("\"x"); // text after the closing quote
            } else if (needsQuotes || mode < 50) {
                text.append('"').append(value.replace("\"", "\"\"")).append('"');
            } else {
                text.append(value);
            }
        }
        if (random.nextInt(10) > 0) {
            text.append(eol);
        }
    }

    /** Sometimes cut short, sometimes a few bytes overwritten. */
    private static byte[] damaged(Random random, byte[] bytes) {
        int kind = random.nextInt(6);
        if (kind == 0 && bytes.length > 0) {
            byte[] cut = new byte[random.nextInt(bytes.length)];
            System.arraycopy(bytes, 0, cut, 0, cut.length);
            return cut;
        }
        if (kind == 1) {
            for (int i = 0; i < 3 && bytes.length > 0; i++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
        }
        return bytes;
    }

    private static char pick(Random random, char... options) {
        return options[random.nextInt(options.length)];
    }
}
