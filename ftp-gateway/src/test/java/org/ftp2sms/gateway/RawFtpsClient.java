package org.ftp2sms.gateway;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hand-driven FTPS client, for what real clients do not do on purpose: ending a data connection without TLS
 * {@code close_notify}, as a client killed mid-transfer does. Its data connections resume the control connection's
 * TLS session, as real clients do.
 */
final class RawFtpsClient implements AutoCloseable {
    private static final Pattern PASV = Pattern.compile("\\((\\d+),(\\d+),(\\d+),(\\d+),(\\d+),(\\d+)\\)");

    private final SSLContext tls;
    private final int port;
    private final SSLSocket control;
    private final BufferedReader in;
    private final Writer out;

    RawFtpsClient(int port, String user, String password) throws Exception {
        tls = FtpsCertificates.trustAll();
        this.port = port;
        Socket plain = new Socket("127.0.0.1", port);
        plain.setSoTimeout(30_000);
        BufferedReader plainIn = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.US_ASCII));
        Writer plainOut = new OutputStreamWriter(plain.getOutputStream(), StandardCharsets.US_ASCII);
        expect(reply(plainIn), "220");
        send(plainOut, "AUTH TLS");
        expect(reply(plainIn), "234");
        control = (SSLSocket) tls.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
        control.startHandshake();
        in = new BufferedReader(new InputStreamReader(control.getInputStream(), StandardCharsets.US_ASCII));
        out = new OutputStreamWriter(control.getOutputStream(), StandardCharsets.US_ASCII);
        expect(command("USER " + user), "331");
        expect(command("PASS " + password), "230");
        expect(command("PBSZ 0"), "200");
        expect(command("PROT P"), "200");
        expect(command("TYPE I"), "200");
    }

    /**
     * Sends {@code STOR name} and {@code bytes}, then ends the data connection with a TCP FIN but no TLS
     * close_notify, keeping the control connection open. Returns the server's final reply to STOR.
     */
    String storeCutWithoutCloseNotify(String name, byte[] bytes) throws Exception {
        int dataPort = passive();
        try (Socket raw = dataSocket(InetAddress.getByName("127.0.0.1"), dataPort)) {
            expect(command("STOR " + name), "150");
            SSLSocket data = (SSLSocket) tls.getSocketFactory().createSocket(raw, "127.0.0.1", port, false);
            data.startHandshake();
            data.getOutputStream().write(bytes);
            data.getOutputStream().flush();
            raw.shutdownOutput(); // FIN, no close_notify
            return reply(in);
        }
    }

    /**
     * Sends {@code STOR name} over a data connection made from {@code sourceAddress} (any of 127.0.0.0/8: another
     * host), with a proper TLS close. Returns the server's final reply to STOR.
     */
    String storeFrom(String sourceAddress, String name, byte[] bytes) throws Exception {
        int dataPort = passive();
        try (Socket raw = dataSocket(InetAddress.getByName(sourceAddress), dataPort)) {
            String started = command("STOR " + name);
            if (!started.startsWith("150")) {
                return started;
            }
            try (SSLSocket data = layer(raw)) {
                data.startHandshake();
                data.getOutputStream().write(bytes);
                data.getOutputStream().flush();
            } catch (IOException e) {
                // the server closed the data connection
            }
            return reply(in);
        }
    }

    /**
     * Sends {@code RETR name} over a data connection of its own; returns what came through it, or {@code null} with
     * the refusal when the server refused.
     */
    byte[] retrieve(String name) throws Exception {
        int dataPort = passive();
        try (Socket raw = dataSocket(InetAddress.getByName("127.0.0.1"), dataPort)) {
            String started = command("RETR " + name);
            if (!started.startsWith("150")) {
                return null;
            }
            byte[] received;
            try (SSLSocket data = layer(raw)) {
                received = data.getInputStream().readAllBytes();
            }
            expect(reply(), "226");
            return received;
        }
    }

    /** Sends {@code PASV}; returns the announced data port. */
    int passive() throws IOException {
        Matcher pasv = PASV.matcher(expect(command("PASV"), "227"));
        if (!pasv.find()) {
            throw new IllegalStateException("no address in the PASV reply");
        }
        return Integer.parseInt(pasv.group(5)) * 256 + Integer.parseInt(pasv.group(6));
    }

    /** TLS over a data socket, offering this client's control session for resumption (as real clients do). */
    SSLSocket layer(Socket raw) throws IOException {
        return (SSLSocket) tls.getSocketFactory().createSocket(raw, "127.0.0.1", port, true);
    }

    /**
     * A data socket that tells TLS it is connected to the control port. The JDK's client session cache is keyed by
     * host and the socket's port, so a layered TLS socket offers the control connection's session only so (Apache
     * Commons Net's FTPSClient has the same problem, and without a hack does not resume at all).
     */
    Socket dataSocket(InetAddress source, int dataPort) throws IOException {
        Socket socket = new Socket() {
            @Override
            public int getPort() {
                return port;
            }
        };
        socket.bind(new InetSocketAddress(source, 0));
        socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), dataPort), 30_000);
        return socket;
    }

    /** The control connection's TLS session. */
    SSLSession controlSession() {
        return control.getSession();
    }

    /** The next final reply on the control connection (after a {@code 150}). */
    String reply() throws IOException {
        return reply(in);
    }

    String command(String line) throws IOException {
        send(out, line);
        return reply(in);
    }

    private static void send(Writer out, String line) throws IOException {
        out.write(line + "\r\n");
        out.flush();
    }

    /** The final line of a (possibly multi-line) reply. */
    private static String reply(BufferedReader in) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("control connection closed");
            }
        } while (!line.matches("\\d{3} .*"));
        return line;
    }

    private static String expect(String reply, String code) {
        if (!reply.startsWith(code)) {
            throw new IllegalStateException("expected " + code + " but got: " + reply);
        }
        return reply;
    }

    @Override
    public void close() throws IOException {
        control.close();
    }
}
