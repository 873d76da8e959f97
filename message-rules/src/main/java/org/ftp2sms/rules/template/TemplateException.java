package org.ftp2sms.rules.template;

/** A template that cannot be parsed or rendered; the message is written for the person who wrote the template. */
public class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
