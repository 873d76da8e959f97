package org.ftp2sms.dispatcher;

import org.jsmpp.session.connection.Connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;

/** A jSMPP connection whose output is a {@link CoalescingOutputStream}; everything else is the wrapped one's. */
final class CoalescingConnection implements Connection {
    private final Connection connection;
    private final OutputStream out;

    CoalescingConnection(Connection connection) {
        this.connection = connection;
        this.out = new CoalescingOutputStream(connection.getOutputStream());
    }

    @Override
    public boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public InetAddress getInetAddress() {
        return connection.getInetAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return connection.getLocalAddress();
    }

    @Override
    public int getPort() {
        return connection.getPort();
    }

    @Override
    public int getLocalPort() {
        return connection.getLocalPort();
    }

    @Override
    public InputStream getInputStream() {
        return connection.getInputStream();
    }

    @Override
    public OutputStream getOutputStream() {
        return out;
    }

    @Override
    public void setSoTimeout(int timeout) throws IOException {
        connection.setSoTimeout(timeout);
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
