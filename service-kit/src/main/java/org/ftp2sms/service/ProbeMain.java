package org.ftp2sms.service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code ProbeMain URL...}: exits 0 when every URL answers 200, else 1 after printing what did not (the chart's
 * {@code helm test} pod calls every service's {@code /readyz} with it; the image has no curl).
 */
public final class ProbeMain {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private ProbeMain() {
    }

    public static void main(String[] args) {
        System.exit(probe(args) ? 0 : 1);
    }

    static boolean probe(String... urls) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        boolean all = urls.length > 0;
        for (String url : urls) {
            String answer;
            boolean ok;
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).build(),
                        HttpResponse.BodyHandlers.ofString());
                ok = response.statusCode() == 200;
                answer = response.statusCode() + " " + response.body().strip();
            } catch (IOException | IllegalArgumentException e) {
                ok = false;
                answer = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            System.out.println((ok ? "ok   " : "FAIL ") + url + " -> " + answer);
            all &= ok;
        }
        return all;
    }
}
