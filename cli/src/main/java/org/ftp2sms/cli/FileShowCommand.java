package org.ftp2sms.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;

/** {@code ftp2sms file show ID}. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Print a file's state and its rows counted by status: refused, submitted, delivered, failed, pending.")
final class FileShowCommand extends ApiCommand {
    @Parameters(paramLabel = "ID", description = "The file ingestion id.")
    String id;

    @Override
    int call(AdminClient api) throws IOException {
        print(api.get("/ingestions/" + PathSegment.of(id)));
        return 0;
    }
}
