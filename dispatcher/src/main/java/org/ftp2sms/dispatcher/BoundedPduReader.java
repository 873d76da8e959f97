package org.ftp2sms.dispatcher;

import org.jsmpp.DefaultPDUReader;
import org.jsmpp.InvalidCommandLengthException;
import org.jsmpp.bean.Command;

import java.io.DataInputStream;
import java.io.IOException;

/**
 * jSMPP's PDU reader with an upper bound on {@code command_length}: the default allocates whatever the peer
 * announces before reading it, so a broken or hostile SMSC (or anything else on that port) could ask the
 * dispatcher for a 2 GB buffer with four bytes. jSMPP answers the refusal with a generic_nack and closes the bind,
 * which is then made again.
 */
final class BoundedPduReader extends DefaultPDUReader {
    /** A deliver_sm with a 64 KB message_payload fits. */
    static final int MAX_PDU_BYTES = 128 * 1024;

    @Override
    public Command readPDUHeader(DataInputStream in) throws InvalidCommandLengthException, IOException {
        Command header = super.readPDUHeader(in);
        if (header.getCommandLength() > MAX_PDU_BYTES) {
            throw new InvalidCommandLengthException("command_length " + header.getCommandLength() + " above " + MAX_PDU_BYTES);
        }
        return header;
    }
}
