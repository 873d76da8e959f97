package org.ftp2sms.rules.sms;

import org.ftp2sms.contract.Encoding;

/**
 * How a text goes over SMS: its alphabet, its size in that alphabet's units (GSM-7 septets, extension characters
 * counting two; or UCS-2 UTF-16 code units) and the number of SMS parts it takes.
 */
public record SmsLayout(Encoding encoding, int units, int parts) {
}
