package org.ftp2sms.aggregator;

import com.sun.net.httpserver.HttpServer;
import org.ftp2sms.rules.webhook.WebhookSignature;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A local HTTP receiver of webhook calls (port 0) that records every request and answers what the test says. */
final class WebhookReceiver implements AutoCloseable {
    record Call(byte[] body, String signature, String eventId, String timestamp, String eventType, String host, int answered) {
        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Decides the answer to each request, and may block it. */
    interface Behaviour {
        int answer(int requestNumber) throws InterruptedException;
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile Behaviour behaviour = n -> 200;
    private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/hook", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            int code;
            try {
                code = behaviour.answer(requests.incrementAndGet());
            } catch (InterruptedException e) {
                code = 503;
            }
            calls.add(new Call(body, exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE),
                    exchange.getRequestHeaders().getFirst(WebhookSignature.ID),
                    exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP),
                    exchange.getRequestHeaders().getFirst("X-Ftp2sms-Event"),
                    exchange.getRequestHeaders().getFirst("Host"), code));
            exchange.sendResponseHeaders(code, -1);
            exchange.close();
        });
        server.start();
    }

    void behave(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    static Behaviour always(int code) {
        return n -> code;
    }

    static Behaviour failFirst(int failures) {
        return n -> n <= failures ? 500 : 200;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    int requests() {
        return requests.get();
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> accepted() {
        return calls.stream().filter(c -> c.answered() / 100 == 2).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
