package org.ftp2sms.cli;

import picocli.CommandLine.Option;

/** {@code --scope}: the list a suppression command works on, shared by the commands that need one. */
final class SuppressionScope {
    @Option(names = "--scope", required = true, paramLabel = "SCOPE",
            description = "A connector id, or 'installation' for the list that applies to every connector.")
    String scope;
}
