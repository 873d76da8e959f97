package org.ftp2sms.dispatcher;

import org.jsmpp.InvalidCommandLengthException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedPduReaderTest {
    @Test
    void anAbsurdLengthIsRefusedBeforeAnythingIsAllocated() {
        // An HTTP request on the SMPP port: "GET " read as command_length is 1.2 GB.
        byte[] http = "GET / HTTP/1.1\r\nHost: smsc\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> new BoundedPduReader().readPDUHeader(new DataInputStream(new ByteArrayInputStream(http))))
                .isInstanceOf(InvalidCommandLengthException.class);
    }

    @Test
    void aRealHeaderPasses() throws Exception {
        byte[] enquireLink = ByteBuffer.allocate(16).putInt(16).putInt(0x15).putInt(0).putInt(7).array();
        assertThat(new BoundedPduReader().readPDUHeader(new DataInputStream(new ByteArrayInputStream(enquireLink)))
                .getSequenceNumber()).isEqualTo(7);
    }
}
