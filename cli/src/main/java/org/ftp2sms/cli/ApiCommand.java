package org.ftp2sms.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** A command that calls the API: the server options, the error reporting and the exit codes, once. */
abstract class ApiCommand implements Callable<Integer> {
    @ParentCommand
    CommandGroup parent;

    @Mixin
    ServerOptions server;

    /** Runs against the API; returns the exit code. */
    abstract int call(AdminClient api) throws IOException;

    @Override
    public final Integer call() {
        Ftp2smsCli cli = parent.cli();
        String token = server.token(cli.env());
        if (token == null || token.isBlank()) {
            cli.err().println("no token: pass --token or set " + ServerOptions.TOKEN_VARIABLE);
            return Ftp2smsCli.UNAVAILABLE;
        }
        try {
            return call(new AdminClient(server.url(cli.env()), token));
        } catch (ApiException e) {
            if (e.status() == 401) {
                cli.err().println("the admin API refused the token (HTTP 401): check --token or " + ServerOptions.TOKEN_VARIABLE);
                return Ftp2smsCli.UNAVAILABLE;
            }
            cli.err().println(e.status() == 400 ? "refused (HTTP 400):" : "HTTP " + e.status() + ":");
            e.problems().forEach(p -> cli.err().println("  " + p));
            return e.status() >= 500 ? Ftp2smsCli.UNAVAILABLE : Ftp2smsCli.REFUSED;
        } catch (IOException e) {
            cli.err().println("cannot reach the admin API at " + server.url(cli.env()) + ": " + e);
            return Ftp2smsCli.UNAVAILABLE;
        }
    }

    PrintWriter out() {
        return parent.cli().out();
    }

    PrintWriter err() {
        return parent.cli().err();
    }

    void print(JsonNode json) throws IOException {
        out().println(AdminClient.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
    }
}
