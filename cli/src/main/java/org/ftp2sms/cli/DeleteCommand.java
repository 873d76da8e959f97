package org.ftp2sms.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;

/** {@code ftp2sms connector delete ID}. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete a connector: its login stops working and files no longer become messages.")
final class DeleteCommand extends ApiCommand {
    @Parameters(paramLabel = "ID", description = "The connector id.")
    String id;

    @Override
    int call(AdminClient api) throws IOException {
        api.delete("/connectors/" + PathSegment.of(id));
        out().println("deleted " + id);
        return 0;
    }
}
