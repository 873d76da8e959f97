package org.ftp2sms.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ftp2sms suppression ...}: the phones whose rows are refused with 840-suppressed. */
@Command(name = "suppression", mixinStandardHelpOptions = true,
        description = "List, add, remove or import the phones on a suppression list (a connector's, or the installation's).",
        subcommands = {SuppressionListCommand.class, SuppressionAddCommand.class, SuppressionRemoveCommand.class,
                SuppressionImportCommand.class, CommandLine.HelpCommand.class})
final class SuppressionCommand extends CommandGroup {
}
