package org.ftp2sms.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;

/** {@code ftp2sms connector sample FILE}. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Analyse a sample file: delimiter, encoding, columns, refused column names, the likely phone column.")
final class SampleCommand extends ApiCommand {
    @Parameters(paramLabel = "FILE", description = "The CSV file (its first MB is sent).")
    Path file;

    @Override
    int call(AdminClient api) throws IOException {
        SampleFile.Sample sample = SampleFile.read(file);
        if (sample.cut()) {
            err().println("note: only the first " + sample.bytes().length + " bytes of " + file + " were analysed");
        }
        print(api.postCsv("/connectors/sample", sample.bytes()));
        return 0;
    }
}
