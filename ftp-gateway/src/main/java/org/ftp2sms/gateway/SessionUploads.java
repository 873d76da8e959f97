package org.ftp2sms.gateway;

import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.session.SessionContext;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The uploads one SFTP session is writing, by customer path: their bytes are in the store's incoming directory,
 * not in the home, so the session's stats and truncations of them are answered there. What was already taken is
 * {@link TakenFiles}'.
 */
final class SessionUploads {
    private static final AttributeKey<SessionUploads> SFTP_KEY = new AttributeKey<>();

    private final Map<String, Path> writing = new ConcurrentHashMap<>();

    static SessionUploads of(SessionContext sftpSession) {
        return sftpSession.computeAttributeIfAbsent(SFTP_KEY, key -> new SessionUploads());
    }

    void writing(String customerPath, Path incoming) {
        writing.put(customerPath, incoming);
    }

    /** The upload handle of {@code customerPath} is closed (whatever became of it). */
    void closed(String customerPath, Path incoming) {
        writing.remove(customerPath, incoming);
    }

    /** Where the bytes of an upload this session is writing to {@code customerPath} go. */
    Optional<Path> incomingOf(String customerPath) {
        return Optional.ofNullable(writing.get(customerPath));
    }
}
