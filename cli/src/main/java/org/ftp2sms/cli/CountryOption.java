package org.ftp2sms.cli;

import picocli.CommandLine.Option;

/** {@code --country}: how national numbers are read by the suppression commands that take numbers. */
final class CountryOption {
    @Option(names = "--country", paramLabel = "CC", description = "Reads national numbers (default: the connector's).")
    String country;
}
