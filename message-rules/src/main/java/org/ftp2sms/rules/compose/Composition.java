package org.ftp2sms.rules.compose;

import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.rules.sms.SmsLayout;

/** The message a row becomes, or why it becomes none. */
public sealed interface Composition {

    record Composed(String text, SmsLayout layout) implements Composition {
    }

    /** {@code code}: TEMPLATE_ERROR, EMPTY_MESSAGE or MESSAGE_PARTS_EXCEEDED; {@code detail} is for a person. */
    record Refused(StatusCode code, String detail) implements Composition {
    }
}
