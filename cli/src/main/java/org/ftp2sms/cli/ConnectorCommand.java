package org.ftp2sms.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ftp2sms connector ...}: the connector lifecycle. */
@Command(name = "connector", mixinStandardHelpOptions = true,
        description = "Analyse a sample, preview, create, list, show, update, rotate credentials of and delete connectors.",
        subcommands = {SampleCommand.class, PreviewCommand.class, CreateCommand.class, ListCommand.class,
                ShowCommand.class, UpdateCommand.class, RotateCommand.class, DeleteCommand.class,
                CommandLine.HelpCommand.class})
final class ConnectorCommand extends CommandGroup {
}
