package org.ftp2sms.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code ftp2sms}: the command line of ftp2sms, a thin client of the connector-admin REST API.
 * The server and token come from {@code --url}/{@code --token} or {@code FTP2SMS_ADMIN_URL}/{@code FTP2SMS_ADMIN_TOKEN}.
 *
 * <p>Exit codes: 0 done, 1 refused by the API (invalid input, unknown connector: the reasons are printed),
 * 2 wrong usage, 3 the API cannot be reached, rejected the token, or failed.
 */
@Command(name = "ftp2sms", mixinStandardHelpOptions = true, version = "ftp2sms 0.1.0",
        description = "Administers an ftp2sms deployment through its admin API.",
        subcommands = {ConnectorCommand.class, FileCommand.class, SuppressionCommand.class, CommandLine.HelpCommand.class})
public final class Ftp2smsCli implements Runnable {
    static final int REFUSED = 1;
    static final int UNAVAILABLE = 3;

    private final Map<String, String> env;
    private final PrintWriter out;
    private final PrintWriter err;

    Ftp2smsCli(Map<String, String> env, PrintWriter out, PrintWriter err) {
        this.env = Map.copyOf(env);
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(System.getenv(), out, err, args));
    }

    /** Runs one command line with {@code env} as the environment; returns the exit code. */
    public static int run(Map<String, String> env, PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Ftp2smsCli(env, out, err));
        commandLine.setOut(out);
        commandLine.setErr(err);
        try {
            return commandLine.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    @Override
    public void run() {
        out.println(new CommandLine(this).getUsageMessage());
    }

    Map<String, String> env() {
        return env;
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }
}
