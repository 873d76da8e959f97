package org.ftp2sms.dispatcher;

import org.jsmpp.util.DefaultComposer;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A misbehaving SMSC on a raw socket: it accepts any bind and answers enquire_link and unbind, but answers every
 * submit_sm with a generic_nack (as an SMSC that cannot parse what it got), so a client that retries without end
 * would repeat the message and hold its window slot for ever.
 */
final class NackingSmsc implements AutoCloseable {
    private static final int BIND_TRANSCEIVER = 0x00000009;
    private static final int SUBMIT_SM = 0x00000004;
    private static final int ENQUIRE_LINK = 0x00000015;
    private static final int UNBIND = 0x00000006;
    private static final int ESME_RINVCMDLEN = 0x00000002;
    private final ServerSocket server;
    private final DefaultComposer composer = new DefaultComposer();
    private final AtomicInteger submits = new AtomicInteger();
    private final AtomicInteger enquireLinks = new AtomicInteger();
    private final Thread acceptor;

    NackingSmsc() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "nacking-smsc");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int submits() {
        return submits.get();
    }

    int enquireLinks() {
        return enquireLinks.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread t = new Thread(() -> serve(socket), "nacking-smsc-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; DataInputStream in = new DataInputStream(socket.getInputStream()); OutputStream out = socket.getOutputStream()) {
            while (true) {
                int length = in.readInt();
                int commandId = in.readInt();
                in.readInt(); // command_status
                int sequence = in.readInt();
                in.readNBytes(length - 16);
                byte[] answer = switch (commandId) {
                    case BIND_TRANSCEIVER -> composer.bindResp(0x80000000 | commandId, sequence, "nacking");
                    case ENQUIRE_LINK -> {
                        enquireLinks.incrementAndGet();
                        yield composer.enquireLinkResp(sequence);
                    }
                    case UNBIND -> composer.unbindResp(0, sequence);
                    case SUBMIT_SM -> {
                        submits.incrementAndGet();
                        yield composer.genericNack(ESME_RINVCMDLEN, sequence);
                    }
                    default -> composer.genericNack(0x00000003, sequence);
                };
                synchronized (out) {
                    out.write(answer);
                    out.flush();
                }
                if (commandId == UNBIND) {
                    return;
                }
            }
        } catch (IOException | org.jsmpp.PDUStringException e) {
            // the client went away
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
