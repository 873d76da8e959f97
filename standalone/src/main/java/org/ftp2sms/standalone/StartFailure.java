package org.ftp2sms.standalone;

import org.ftp2sms.service.SettingsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

import java.io.PrintStream;

/**
 * How a failed start of {@code standalone} ends: one line naming the cause, as a separate service's does
 * ({@code ServiceRunner}), instead of picocli's stack trace. Exit 2 for a setting (nothing started), 1 for anything
 * else (a port in use, a broker that cannot start); the log above the line says which stage failed, and its trace is
 * logged at DEBUG ({@code FTP2SMS_LOG_LEVEL=DEBUG}).
 */
final class StartFailure implements CommandLine.IExecutionExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(StartFailure.class);
    private final PrintStream err;

    StartFailure(PrintStream err) {
        this.err = err;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        if (e instanceof SettingsException) {
            err.println("ftp2sms: " + e.getMessage());
            return 2;
        }
        log.debug("standalone could not start", e);
        err.println("ftp2sms: standalone could not start: " + e.getMessage());
        return 1;
    }
}
