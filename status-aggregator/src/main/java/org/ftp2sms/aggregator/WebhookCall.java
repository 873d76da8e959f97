package org.ftp2sms.aggregator;

import org.ftp2sms.rules.webhook.WebhookAddresses;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One webhook POST, made so that where it goes is the address that was checked: the host is resolved once, every
 * address it resolves to is checked ({@link WebhookAddresses}: a name with one internal address among public ones is
 * refused), and the socket connects to the first of them; TLS then verifies the certificate against the URL's host
 * name (SNI and endpoint identification), as any HTTPS client does. A DNS answer changed between the check and the
 * connection (rebinding) is never used. HTTP/1.1, {@code Connection: close}, no redirects followed, one deadline for
 * the whole call (connect, handshake, request, status line), and only the status line is read.
 */
final class WebhookCall {
    /** Host name to addresses; the system resolver in production, a table in tests. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private static final int MAX_STATUS_LINE = 1024;

    private final WebhookAddresses addresses;
    private final Resolver resolver;
    private final SSLSocketFactory tls;

    WebhookCall(WebhookAddresses addresses, Resolver resolver, SSLSocketFactory tls) {
        this.addresses = addresses;
        this.resolver = resolver;
        this.tls = tls;
    }

    static WebhookCall system(WebhookAddresses addresses) {
        return new WebhookCall(addresses, InetAddress::getAllByName, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /** Null when the receiver answered 2xx, else why not (one line, for logs and dead letters). */
    String post(String url, Map<String, String> headers, byte[] body, Duration timeout) {
        Optional<String> refused = addresses.problem(url);
        if (refused.isPresent()) {
            return "refused: the URL " + refused.get();
        }
        URI uri = URI.create(url);
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        String host = uri.getHost();
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        InetAddress address;
        try {
            InetAddress[] all = resolver.resolve(bareHost);
            if (all == null || all.length == 0) {
                return "unknown host " + bareHost;
            }
            for (InetAddress a : all) {
                Optional<String> internal = addresses.refused(a);
                if (internal.isPresent()) {
                    return "refused: " + bareHost + " " + internal.get();
                }
            }
            address = all[0];
        } catch (UnknownHostException e) {
            return "unknown host " + bareHost;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), remainingMillis(deadline));
            Socket channel = https ? handshake(socket, bareHost, port, deadline) : socket;
            try {
                send(channel.getOutputStream(), uri, host, port, https, headers, body);
                int status = readStatus(channel, deadline);
                return status / 100 == 2 ? null : "HTTP " + status;
            } finally {
                channel.close();
            }
        } catch (SocketTimeoutException e) {
            return "timed out after " + timeout.toMillis() + " ms";
        } catch (IOException | RuntimeException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    private SSLSocket handshake(Socket socket, String host, int port, long deadline) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.createSocket(socket, host, port, true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (WebhookAddresses.literal(host).isEmpty()) { // SNI carries names only
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        ssl.setSSLParameters(parameters);
        ssl.setSoTimeout(remainingMillis(deadline));
        ssl.startHandshake();
        return ssl;
    }

    private static void send(OutputStream out, URI uri, String host, int port, boolean https, Map<String, String> headers,
                             byte[] body) throws IOException {
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        boolean defaultPort = port == (https ? 443 : 80);
        StringBuilder head = new StringBuilder()
                .append("POST ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(defaultPort ? "" : ":" + port).append("\r\n")
                .append("User-Agent: ftp2sms-webhooks\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n")
                .append("Connection: close\r\n");
        for (Map.Entry<String, String> header : headers.entrySet()) {
            head.append(header.getKey()).append(": ").append(oneLine(header.getValue())).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        out.write(body);
        out.flush();
    }

    /** The status code of {@code HTTP/1.x NNN …}, read under the call's deadline however slowly it comes. */
    private static int readStatus(Socket channel, long deadline) throws IOException {
        InputStream in = channel.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (line.size() < MAX_STATUS_LINE) {
            channel.setSoTimeout(remainingMillis(deadline));
            int b = in.read();
            if (b < 0 || b == '\n') {
                break;
            }
            line.write(b);
        }
        String status = line.toString(StandardCharsets.ISO_8859_1).strip();
        if (!status.matches("HTTP/1\\.[01] \\d{3}( .*)?")) {
            throw new IOException("not an HTTP answer");
        }
        return Integer.parseInt(status.substring(9, 12));
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    private static String oneLine(String value) {
        return value.replace('\r', ' ').replace('\n', ' ');
    }
}
