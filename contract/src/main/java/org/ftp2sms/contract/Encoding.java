package org.ftp2sms.contract;

/** The SMS alphabet a message is sent in. */
public enum Encoding {
    GSM7,
    UCS2
}
