package org.ftp2sms.dispatcher;

import org.jsmpp.session.connection.Connection;
import org.jsmpp.session.connection.ConnectionFactory;
import org.jsmpp.session.connection.socket.SocketConnection;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Client sockets with TCP_NODELAY: jSMPP leaves Nagle on, which with delayed ACKs caps a bind at a few
 * hundred submits per second.
 */
final class NoDelaySocketConnectionFactory implements ConnectionFactory {
    private static final int CONNECT_TIMEOUT_MS = 10_000;

    @Override
    public Connection createConnection(String host, int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            return new SocketConnection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }
}
