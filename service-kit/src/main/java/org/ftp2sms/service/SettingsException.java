package org.ftp2sms.service;

/** A setting that is missing or malformed; the message names the variable and what was expected. */
public class SettingsException extends RuntimeException {
    public SettingsException(String message) {
        super(message);
    }
}
