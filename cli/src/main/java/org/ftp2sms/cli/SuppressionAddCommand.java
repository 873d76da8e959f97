package org.ftp2sms.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;

/** {@code ftp2sms suppression add PHONE --scope SCOPE}. */
@Command(name = "add", mixinStandardHelpOptions = true, description = "Put a phone on a suppression list.")
final class SuppressionAddCommand extends ApiCommand {
    @Parameters(paramLabel = "PHONE", description = "The phone number (international, or national with --country).")
    String phone;

    @Mixin
    SuppressionScope scope;

    @Mixin
    CountryOption country;

    @Override
    int call(AdminClient api) throws IOException {
        ObjectNode body = AdminClient.JSON.createObjectNode().put("scope", scope.scope).put("phone", phone);
        if (country.country != null) {
            body.put("defaultCountry", country.country);
        }
        String added = api.post("/suppressions", body).path("phone").asText();
        out().println("suppressed " + added + " for " + scope.scope);
        return 0;
    }
}
