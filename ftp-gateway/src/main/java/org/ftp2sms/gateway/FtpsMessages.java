package org.ftp2sms.gateway;

import org.apache.ftpserver.message.MessageResource;
import org.apache.ftpserver.message.MessageResourceFactory;

import java.util.List;
import java.util.Map;

/**
 * FtpServer's reply texts, with one change: its {@code 425} to a download or listing whose data connection could
 * not be opened says what such a connection needs, since that is what a refused one lacked. ({@code STOR} is the
 * gateway's own and says it itself.)
 */
final class FtpsMessages implements MessageResource {
    static final String CANNOT_OPEN_DATA = "Can't open data connection: it must come from this connection's address"
            + " and resume this connection's TLS session";

    private final MessageResource messages = new MessageResourceFactory().createMessageResource();

    @Override
    public List<String> getAvailableLanguages() {
        return messages.getAvailableLanguages();
    }

    @Override
    public String getMessage(int code, String subId, String language) {
        if (code == 425 && ("RETR".equals(subId) || "LIST".equals(subId) || "NLST".equals(subId) || "MLSD".equals(subId))) {
            return CANNOT_OPEN_DATA;
        }
        return messages.getMessage(code, subId, language);
    }

    @Override
    public Map<String, String> getMessages(String language) {
        return messages.getMessages(language);
    }
}
