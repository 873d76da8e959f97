package org.ftp2sms.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;

/** {@code ftp2sms connector show ID}. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Print a connector (never its password).")
final class ShowCommand extends ApiCommand {
    @Parameters(paramLabel = "ID", description = "The connector id.")
    String id;

    @Override
    int call(AdminClient api) throws IOException {
        print(api.get("/connectors/" + PathSegment.of(id)));
        return 0;
    }
}
