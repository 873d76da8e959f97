package org.ftp2sms.dispatcher;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Reply ids derived from what the SMSC sends, so a deliver_sm delivered again (its first acknowledgement lost)
 * gets the same id and consumers can drop the repeat. SMPP gives an inbound message no id of its own; when the
 * SMSC adds one (receipted_message_id, user_message_reference) it is part of the name. Without it, the same text
 * from the same phone in answer to the same outgoing message is taken as the same reply.
 */
final class ReplyIds {
    private ReplyIds() {
    }

    static String of(String phone, String destination, String text, String outgoingMessageId, String smscReference) {
        String name = String.join("\u0000", "reply", phone, String.valueOf(destination), text,
                String.valueOf(outgoingMessageId), String.valueOf(smscReference));
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
