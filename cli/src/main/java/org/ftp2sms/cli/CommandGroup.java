package org.ftp2sms.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParentCommand;

/** A command whose subcommands call the API ({@code connector}, {@code file}): alone, it prints its usage. */
abstract class CommandGroup implements Runnable {
    @ParentCommand
    Ftp2smsCli cli;

    Ftp2smsCli cli() {
        return cli;
    }

    @Override
    public void run() {
        cli.out().println(new CommandLine(this).getUsageMessage());
    }
}
