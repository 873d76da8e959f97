package org.ftp2sms.renderer;

import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.Status;

/** What one row becomes: a message to send, or a refusal status with the reason for a person. */
sealed interface Rendering {

    record ToSend(Message message) implements Rendering {
    }

    record Refused(Status status, String detail) implements Rendering {
    }
}
