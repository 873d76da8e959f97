package org.ftp2sms.cli;

import java.util.List;

/** The API answered with an error: its status and what it said, one line per problem. */
final class ApiException extends RuntimeException {
    private final int status;
    private final List<String> problems;

    ApiException(int status, List<String> problems) {
        super("HTTP " + status + ": " + String.join("; ", problems));
        this.status = status;
        this.problems = List.copyOf(problems);
    }

    int status() {
        return status;
    }

    List<String> problems() {
        return problems;
    }
}
