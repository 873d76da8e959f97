package org.ftp2sms.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;

/** {@code ftp2sms connector list}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the connectors.")
final class ListCommand extends ApiCommand {
    @Option(names = "--json", description = "Print the API's JSON instead of a table.")
    boolean json;

    @Override
    int call(AdminClient api) throws IOException {
        JsonNode connectors = api.get("/connectors");
        if (json) {
            print(connectors);
            return 0;
        }
        String format = "%-20s %-24s %-8s %-11s %-32s %s%n";
        out().printf(format, "ID", "NAME", "PROTOCOL", "AUTH", "USERNAME", "UPDATED");
        for (JsonNode c : connectors) {
            out().printf(format, c.path("id").asText(), c.path("name").asText(), c.path("access").path("protocol").asText(),
                    c.path("access").path("auth").asText(), c.path("access").path("username").asText(),
                    c.path("updatedAt").asText());
        }
        return 0;
    }
}
