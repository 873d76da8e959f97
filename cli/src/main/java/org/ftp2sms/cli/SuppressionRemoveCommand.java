package org.ftp2sms.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;

/** {@code ftp2sms suppression remove PHONE --scope SCOPE}. */
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Take a phone off a suppression list: its later rows are sent again.")
final class SuppressionRemoveCommand extends ApiCommand {
    @Parameters(paramLabel = "PHONE", description = "The phone as listed (E.164 digits; a + and spaces are ignored).")
    String phone;

    @Mixin
    SuppressionScope scope;

    @Override
    int call(AdminClient api) throws IOException {
        String digits = phone.replaceAll("[^0-9]", "");
        api.delete("/suppressions/" + PathSegment.of(scope.scope) + "/" + PathSegment.of(digits));
        out().println("removed " + digits + " from " + scope.scope);
        return 0;
    }
}
