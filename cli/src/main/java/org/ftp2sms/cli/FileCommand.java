package org.ftp2sms.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ftp2sms file ...}: the files a connector received and how far each has gone. */
@Command(name = "file", mixinStandardHelpOptions = true,
        description = "Show the progress of an uploaded file, or list a connector's files.",
        subcommands = {FileShowCommand.class, FileListCommand.class, CommandLine.HelpCommand.class})
final class FileCommand extends CommandGroup {
}
