package org.ftp2sms.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** {@code ftp2sms connector preview --sample FILE ...}. */
@Command(name = "preview", mixinStandardHelpOptions = true,
        description = "Show the first 3 messages a file would give, and every row it would refuse with its status code.")
final class PreviewCommand extends ApiCommand {
    @Option(names = "--sample", paramLabel = "FILE", required = true, description = "The sample CSV file.")
    Path sample;

    @Mixin
    DefinitionOptions definition;

    @Override
    int call(AdminClient api) throws IOException {
        ObjectNode connector = definition.apply(null);
        ObjectNode request = AdminClient.JSON.createObjectNode();
        request.set("template", connector.get("template"));
        request.set("mapping", connector.get("mapping"));
        request.set("options", connector.get("options"));
        request.put("sample", SampleFile.read(sample).text());
        print(api.post("/connectors/preview", request));
        return 0;
    }
}
