package org.ftp2sms.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@code ftp2sms connector rotate ID [--public-key-file FILE...]}. */
@Command(name = "rotate", mixinStandardHelpOptions = true,
        description = "Give a connector a new password (printed this once), or replace its public keys.")
final class RotateCommand extends ApiCommand {
    @Parameters(paramLabel = "ID", description = "The connector id.")
    String id;

    @Option(names = "--public-key-file", paramLabel = "FILE",
            description = "For a public-key connector: the OpenSSH public key files that replace its keys.")
    List<Path> publicKeyFiles;

    @Override
    int call(AdminClient api) throws IOException {
        ObjectNode body = null;
        if (publicKeyFiles != null) {
            body = AdminClient.JSON.createObjectNode();
            body.set("publicKeys", DefinitionOptions.publicKeys(publicKeyFiles));
        }
        print(api.post("/connectors/" + PathSegment.of(id) + "/credentials", body));
        return 0;
    }
}
