package org.ftp2sms.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;

/** {@code ftp2sms connector update ID ...}: the current connector with the given fields changed. */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = "Change a connector (e.g. --template); files uploaded afterwards use the change.")
final class UpdateCommand extends ApiCommand {
    @Parameters(paramLabel = "ID", description = "The connector id.")
    String id;

    @Mixin
    DefinitionOptions definition;

    @Override
    int call(AdminClient api) throws IOException {
        JsonNode current = api.get("/connectors/" + PathSegment.of(id));
        ObjectNode request = AdminClient.JSON.createObjectNode();
        for (String field : new String[] {"name", "sender", "mapping", "template", "options", "webhook"}) {
            if (current.hasNonNull(field)) {
                request.set(field, current.get(field).deepCopy());
            }
        }
        print(api.put("/connectors/" + PathSegment.of(id), definition.apply(request)));
        return 0;
    }
}
