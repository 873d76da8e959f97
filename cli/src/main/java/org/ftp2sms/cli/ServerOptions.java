package org.ftp2sms.cli;

import picocli.CommandLine.Option;

import java.net.URI;
import java.util.Map;

/** Where the admin API is and the token to call it with: flags first, then the environment. */
final class ServerOptions {
    static final String URL_VARIABLE = "FTP2SMS_ADMIN_URL";
    static final String TOKEN_VARIABLE = "FTP2SMS_ADMIN_TOKEN";
    static final String DEFAULT_URL = "http://localhost:8080";

    @Option(names = "--url", paramLabel = "URL",
            description = "The admin API, e.g. http://localhost:8080 (default: $" + URL_VARIABLE + ", else " + DEFAULT_URL + ").")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "The admin API's bearer token (default: $" + TOKEN_VARIABLE + ").")
    String token;

    URI url(Map<String, String> env) {
        String value = url != null ? url : env.getOrDefault(URL_VARIABLE, DEFAULT_URL);
        return URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
    }

    String token(Map<String, String> env) {
        return token != null ? token : env.get(TOKEN_VARIABLE);
    }
}
