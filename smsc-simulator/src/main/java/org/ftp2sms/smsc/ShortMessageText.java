package org.ftp2sms.smsc;

import org.ftp2sms.rules.sms.Gsm7Alphabet;

import java.nio.charset.StandardCharsets;

/** Text of an SMPP short message from its bytes and data_coding, as a handset would show it. */
final class ShortMessageText {
    private ShortMessageText() {
    }

    static String decode(byte[] bytes, int dataCoding) {
        return switch (dataCoding) {
            case 0x00 -> Gsm7Alphabet.decode(bytes);            // SMSC default alphabet: GSM 03.38, unpacked
            case 0x01 -> new String(bytes, StandardCharsets.US_ASCII);
            case 0x08 -> new String(bytes, StandardCharsets.UTF_16BE);
            default -> new String(bytes, StandardCharsets.ISO_8859_1);
        };
    }
}
