package org.ftp2sms.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code ftp2sms suppression import FILE --scope SCOPE}. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Put every phone of a CSV file (a 'phone' column, or the first field of each line) on a suppression list.")
final class SuppressionImportCommand extends ApiCommand {
    @Parameters(paramLabel = "FILE", description = "The CSV file.")
    Path file;

    @Mixin
    SuppressionScope scope;

    @Mixin
    CountryOption country;

    @Override
    int call(AdminClient api) throws IOException {
        JsonNode result = api.postCsv("/suppressions/" + PathSegment.of(scope.scope) + "/import"
                + (country.country == null ? "" : "?defaultCountry=" + PathSegment.of(country.country)), Files.readAllBytes(file));
        out().printf("added %d, already listed %d, refused %d%n", result.path("added").asLong(),
                result.path("alreadyListed").asLong(), result.path("refusedCount").asLong());
        for (JsonNode line : result.path("refused")) {
            out().printf("  line %d '%s': %s%n", line.path("line").asLong(), line.path("value").asText(),
                    line.path("reason").asText());
        }
        return 0;
    }
}
