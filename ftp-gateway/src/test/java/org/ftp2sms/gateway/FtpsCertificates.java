package org.ftp2sms.gateway;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;

/** What certificate an FTPS server presents after {@code AUTH TLS}, as a client sees it. */
final class FtpsCertificates {
    private FtpsCertificates() {
    }

    static byte[] presentedBy(int port) throws Exception {
        try (Socket plain = new Socket("127.0.0.1", port)) {
            plain.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.US_ASCII));
            Writer out = new OutputStreamWriter(plain.getOutputStream(), StandardCharsets.US_ASCII);
            if (!in.readLine().startsWith("220")) {
                throw new IllegalStateException("no FTP greeting");
            }
            out.write("AUTH TLS\r\n");
            out.flush();
            String reply = in.readLine();
            if (!reply.startsWith("234")) {
                throw new IllegalStateException("AUTH TLS refused: " + reply);
            }
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[]{new TrustAll()}, null);
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, "127.0.0.1", port, false)) {
                socket.startHandshake();
                return socket.getSession().getPeerCertificates()[0].getEncoded();
            }
        }
    }

    static SSLContext trustAll() throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[]{new TrustAll()}, null);
        return tls;
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
