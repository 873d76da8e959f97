package org.ftp2sms.gateway;

import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpFile;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.Ftplet;
import org.apache.ftpserver.ftplet.FtpletContext;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.ftp2sms.contract.Protocol;
import org.ftp2sms.gateway.ConnectorUserManager.ConnectorUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The FTPS rules, checked before FtpServer runs a command: TLS before anything else ({@code AUTH TLS}, so a
 * plain-text {@code USER}/{@code PASS} is refused), protected data connections only ({@code PROT P}), and the
 * {@link HomePolicy} for directory and file commands, each refusal with a sentence the client can show.
 * Also logs downloads and gives a session's place back when it ends.
 */
final class FtpsPolicy implements Ftplet {
    private static final Logger log = LoggerFactory.getLogger(FtpsPolicy.class);
    private static final Set<String> BEFORE_TLS = Set.of("AUTH", "FEAT", "QUIT", "NOOP", "SYST", "HELP");
    private static final Set<String> DATA_COMMANDS = Set.of("STOR", "STOU", "APPE", "RETR", "LIST", "NLST", "MLSD");
    private static final Set<String> NOT_SUPPORTED = Set.of("STOU", "APPE", "REIN", "PORT", "EPRT", "SITE");
    private static final DateTimeFormatter FTP_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    private static final String DATA_PLACE = FtpsPolicy.class.getName() + ".dataPlace";
    private static final Set<String> PASSIVE = Set.of("PASV", "EPSV");

    private final SessionLimiter sessions;
    private final SessionLimiter dataConnections;
    private final GatewayMetrics metrics;
    private final TakenFiles takenFiles;

    /** @param dataConnections the passive ports each connector may hold at once */
    FtpsPolicy(SessionLimiter sessions, SessionLimiter dataConnections, GatewayMetrics metrics, TakenFiles takenFiles) {
        this.sessions = sessions;
        this.dataConnections = dataConnections;
        this.metrics = metrics;
        this.takenFiles = takenFiles;
    }

    /**
     * {@code SIZE} and {@code MDTM} of a file the connector uploaded and the gateway took are answered from what was
     * taken ({@link TakenFiles}); {@code MFMT} is a quiet success on such a file and on a file of the home (times are the server's), as
     * SFTP's setstat is: clients check and touch their upload right after {@code STOR}.
     */
    private Optional<FtpReply> takenFileAnswer(FtpSession session, String command, String argument) throws FtpException {
        if (argument == null) {
            return Optional.empty();
        }
        String time = null;
        String name = argument.strip();
        if (command.equals("MFMT")) {
            int space = name.indexOf(' ');
            if (space != 8 + 6 || !name.substring(0, space).chars().allMatch(Character::isDigit)) {
                return Optional.of(new DefaultFtpReply(501, "MFMT needs a time YYYYMMDDHHMMSS and a file name"));
            }
            time = name.substring(0, space);
            name = name.substring(space + 1).strip();
        }
        FtpFile file = session.getFileSystemView().getFile(name);
        if (file == null) {
            return Optional.empty();
        }
        String path = file.getAbsolutePath();
        Optional<TakenFile> taken = file.doesExist() || !(session.getUser() instanceof ConnectorUser user) ? Optional.empty()
                : takenFiles.find(user.connectorId(), path);
        return switch (command) {
            case "SIZE" -> taken.map(t -> new DefaultFtpReply(213, String.valueOf(t.size())));
            case "MDTM" -> taken.map(t -> new DefaultFtpReply(213, FTP_TIME.format(t.takenAt())));
            default -> HomePolicy.isInExports(path) ? Optional.of(new DefaultFtpReply(550, "exports/ is read-only"))
                    : taken.isPresent() || file.isFile() ? Optional.of(new DefaultFtpReply(213, "Modify=" + time + "; " + path))
                    : Optional.of(new DefaultFtpReply(550, "no such file: " + path));
        };
    }

    @Override
    public FtpletResult beforeCommand(FtpSession session, FtpRequest request) throws FtpException, IOException {
        String command = request.getCommand().toUpperCase(Locale.ROOT);
        if (!session.isSecure() && !BEFORE_TLS.contains(command)) {
            return refuse(session, command, 530, "TLS required: send AUTH TLS first (explicit FTPS)");
        }
        if (command.equals("PROT") && !"P".equalsIgnoreCase(String.valueOf(request.getArgument()).strip())) {
            return refuse(session, command, 534, "only protected data connections are allowed: use PROT P");
        }
        if (NOT_SUPPORTED.contains(command)) {
            return refuse(session, command, 502, switch (command) {
                case "STOU", "APPE" -> "not supported: upload the whole file with STOR";
                case "PORT", "EPRT" -> "active mode is not supported: use passive mode (PASV/EPSV)";
                default -> command + " is not supported";
            });
        }
        if (DATA_COMMANDS.contains(command) && !session.getDataConnection().isSecure()) {
            return refuse(session, command, 521, "data connection must be protected: send PROT P first");
        }
        if (!session.isLoggedIn()) {
            return FtpletResult.DEFAULT;
        }
        if (PASSIVE.contains(command) && session.getUser() instanceof ConnectorUser user && session.getAttribute(DATA_PLACE) == null) {
            if (!dataConnections.tryAcquire(user.connectorId())) {
                return refuse(session, command, 425, "too many data connections for this account at once (at most "
                        + dataConnections.maxPerConnector() + "): finish a transfer first");
            }
            session.setAttribute(DATA_PLACE, user.connectorId());
        }
        if (command.equals("SIZE") || command.equals("MDTM") || command.equals("MFMT")) {
            Optional<FtpReply> answer = takenFileAnswer(session, command, request.getArgument());
            if (answer.isPresent()) {
                session.write(answer.get());
                return FtpletResult.SKIP;
            }
        }
        Optional<String> refusal = switch (command) {
            case "MKD", "XMKD" -> HomePolicy.mkdirRefusal();
            case "RMD", "XRMD" -> HomePolicy.rmdirRefusal();
            case "DELE" -> HomePolicy.deleteRefusal(pathOf(session, request.getArgument()));
            case "RNFR" -> HomePolicy.isInExports(pathOf(session, request.getArgument()))
                    ? Optional.of("exports/ is read-only") : Optional.empty();
            case "RNTO" -> renameRefusal(session, request.getArgument());
            default -> Optional.empty();
        };
        if (refusal.isPresent()) {
            return refuse(session, command, command.startsWith("RN") ? 553 : 550, refusal.get());
        }
        return FtpletResult.DEFAULT;
    }

    @Override
    public FtpletResult afterCommand(FtpSession session, FtpRequest request, FtpReply reply) {
        if (DATA_COMMANDS.contains(request.getCommand().toUpperCase(Locale.ROOT))) {
            releaseDataPlace(session); // FtpServer closes the data connection at the end of every transfer
        }
        if (request.getCommand().equalsIgnoreCase("RETR") && session.getUser() instanceof ConnectorUser user) {
            boolean done = reply != null && reply.getCode() == 226;
            if (done) {
                metrics.download(Protocol.FTPS);
            }
            log.info("ftps download {}: connectorId={} remote={} file={}", done ? "done" : "failed", user.connectorId(),
                    remote(session), pathOf(session, request.getArgument()));
        }
        return FtpletResult.DEFAULT;
    }

    @Override
    public FtpletResult onConnect(FtpSession session) {
        return FtpletResult.DEFAULT;
    }

    @Override
    public FtpletResult onDisconnect(FtpSession session) {
        releaseDataPlace(session);
        if (session.getAttribute(FtpsLoginCommand.OPEN) instanceof OpenSessions.Open open) {
            open.forget();
        }
        if (session.getUser() instanceof ConnectorUser user) {
            sessions.release(user.connectorId());
            log.info("ftps session closed: connectorId={} remote={}", user.connectorId(), remote(session));
        }
        return FtpletResult.DEFAULT;
    }

    @Override
    public void init(FtpletContext context) {
    }

    @Override
    public void destroy() {
    }

    private Optional<String> renameRefusal(FtpSession session, String argument) throws FtpException {
        FtpFile from = session.getRenameFrom();
        FtpFile to = argument == null ? null : session.getFileSystemView().getFile(argument);
        if (from == null || to == null) {
            return Optional.empty(); // FtpServer answers the bad sequence or syntax itself
        }
        if (from.isDirectory()) {
            return Optional.of("directories cannot be renamed");
        }
        return HomePolicy.renameRefusal(from.getAbsolutePath(), to.getAbsolutePath(), to.doesExist());
    }

    private void releaseDataPlace(FtpSession session) {
        if (session.getAttribute(DATA_PLACE) instanceof String connectorId) {
            session.removeAttribute(DATA_PLACE);
            dataConnections.release(connectorId);
        }
    }

    private FtpletResult refuse(FtpSession session, String command, int code, String message) throws FtpException {
        String connectorId = session.getUser() instanceof ConnectorUser user ? user.connectorId() : "-";
        log.info("ftps command refused: connectorId={} remote={} command={} reason={}", connectorId, remote(session),
                command, message);
        session.write(new DefaultFtpReply(code, message));
        return FtpletResult.SKIP;
    }

    static String pathOf(FtpSession session, String argument) {
        try {
            FtpFile file = argument == null ? null : session.getFileSystemView().getFile(argument);
            return file == null ? "/" : file.getAbsolutePath();
        } catch (FtpException e) {
            return "/";
        }
    }

    static String remote(FtpSession session) {
        InetSocketAddress address = session.getClientAddress();
        return address == null ? "-" : address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
