package org.ftp2sms.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;

/** {@code ftp2sms suppression list [--scope SCOPE]}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the phones on the suppression lists.")
final class SuppressionListCommand extends ApiCommand {
    @Option(names = "--scope", paramLabel = "SCOPE", description = "Only this list: a connector id, or 'installation'.")
    String scope;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "At most this many (1 to 1000).")
    int limit;

    @Option(names = "--json", description = "Print the API's JSON instead of a table.")
    boolean json;

    @Override
    int call(AdminClient api) throws IOException {
        JsonNode entries = api.get("/suppressions?limit=" + limit + (scope == null ? "" : "&scope=" + PathSegment.of(scope)));
        if (json) {
            print(entries);
            return 0;
        }
        String format = "%-20s %-18s %-7s %s%n";
        out().printf(format, "SCOPE", "PHONE", "SOURCE", "SINCE");
        for (JsonNode e : entries) {
            out().printf(format, e.path("scope").asText(), e.path("phone").asText(), e.path("source").asText(),
                    e.path("at").asText());
        }
        return 0;
    }
}
