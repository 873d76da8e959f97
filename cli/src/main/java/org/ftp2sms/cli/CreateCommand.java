package org.ftp2sms.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** {@code ftp2sms connector create ...}. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create a connector and print it with its credentials (the password is shown this once).")
final class CreateCommand extends ApiCommand {
    @Mixin
    DefinitionOptions definition;

    @Option(names = "--sample", paramLabel = "FILE",
            description = "A sample file: its columns are sent along, so the API refuses a template variable or phone column that is not one of them.")
    Path sample;

    @Override
    int call(AdminClient api) throws IOException {
        ObjectNode connector = definition.apply(null);
        if (sample != null && !connector.has("columns")) {
            JsonNode analysis = api.postCsv("/connectors/sample", SampleFile.read(sample).bytes());
            connector.set("columns", analysis.get("columns"));
        }
        print(api.post("/connectors", connector));
        err().println("keep the password now: it is not shown again (a new one: ftp2sms connector rotate <id>)");
        return 0;
    }
}
