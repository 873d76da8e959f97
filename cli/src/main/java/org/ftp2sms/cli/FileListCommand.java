package org.ftp2sms.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;

/** {@code ftp2sms file list --connector ID}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List a connector's files, newest first, with their progress.")
final class FileListCommand extends ApiCommand {
    @Option(names = "--connector", required = true, paramLabel = "ID", description = "The connector id.")
    String connectorId;

    @Option(names = "--json", description = "Print the API's JSON instead of a table.")
    boolean json;

    @Override
    int call(AdminClient api) throws IOException {
        JsonNode files = api.get("/ingestions?connectorId=" + PathSegment.of(connectorId));
        if (json) {
            print(files);
            return 0;
        }
        String format = "%-36s %-24s %-9s %8s %8s %9s %8s %8s %s%n";
        out().printf(format, "FILE", "NAME", "STATE", "ROWS", "REFUSED", "DELIVERED", "FAILED", "PENDING", "RECEIVED");
        for (JsonNode f : files) {
            out().printf(format, f.path("fileIngestionId").asText(), f.path("fileName").asText(),
                    f.path("finished").asBoolean() && "COMPLETED".equals(f.path("state").asText()) ? "DONE" : f.path("state").asText(),
                    f.path("rows").asLong(), f.path("refusedCount").asLong(), f.path("delivered").asLong(),
                    f.path("failedCount").asLong(), f.path("pending").asLong(), f.path("receivedAt").asText());
        }
        return 0;
    }
}
