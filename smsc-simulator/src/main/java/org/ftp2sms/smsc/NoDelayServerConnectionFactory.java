package org.ftp2sms.smsc;

import org.jsmpp.session.connection.Connection;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.SocketConnection;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Plain server sockets whose accepted connections have TCP_NODELAY on: with Nagle and delayed ACKs a
 * request/response protocol such as SMPP stalls ~40 ms per PDU. Remembers the bound port (listening on 0).
 */
final class NoDelayServerConnectionFactory implements ServerConnectionFactory {
    private volatile ServerSocket serverSocket;

    @Override
    public ServerConnection listen(int port) throws IOException {
        return listen(port, 0, 50);
    }

    @Override
    public ServerConnection listen(int port, int timeout) throws IOException {
        return listen(port, timeout, 50);
    }

    @Override
    public ServerConnection listen(int port, int timeout, int backlog) throws IOException {
        ServerSocket socket = new ServerSocket(port, backlog);
        socket.setSoTimeout(timeout);
        serverSocket = socket;
        return new ServerConnection() {
            @Override
            public Connection accept() throws IOException {
                Socket accepted = socket.accept();
                accepted.setTcpNoDelay(true);
                return new SocketConnection(accepted);
            }

            @Override
            public void setSoTimeout(int millis) throws IOException {
                socket.setSoTimeout(millis);
            }

            @Override
            public int getSoTimeout() throws IOException {
                return socket.getSoTimeout();
            }

            @Override
            public void close() throws IOException {
                socket.close();
            }
        };
    }

    int boundPort() {
        return serverSocket == null ? -1 : serverSocket.getLocalPort();
    }
}
