package dev.eventlane.client.sdk;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for ingest-api in the SDK's unit tests: a JDK HttpServer that records each request and answers as the
 * test's {@link Answers} says (the real stack is tested in the e2e module).
 */
final class FakeIngest implements AutoCloseable {

    private static final Pattern EVENT_ID = Pattern.compile("\"event_id\":\"([^\"]+)\"");

    /** A request as received. */
    record Request(String path, String authorization, String body, long atNanos) {
        List<String> eventIds() {
            Matcher m = EVENT_ID.matcher(body);
            List<String> ids = new java.util.ArrayList<>();
            while (m.find()) {
                ids.add(m.group(1));
            }
            return ids;
        }
    }

    /** The answer to the {@code n}-th request (from 0); a null answer closes the connection without one. */
    interface Answers {
        Answer answer(int n, Request request);
    }

    record Answer(int status, Map<String, String> headers, String body) {
        static Answer ok() {
            return new Answer(200, Map.of(), "{\"ok\":true}");
        }

        static Answer of(int status, String body) {
            return new Answer(status, Map.of(), body);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile Answers answers;

    FakeIngest(Answers answers) throws IOException {
        this.answers = answers;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requests() {
        return requests;
    }

    /** Changes how the following requests are answered. */
    void answers(Answers answers) {
        this.answers = answers;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Authorization"), body, System.nanoTime());
        requests.add(request);
        Answer answer = answers.answer(count.getAndIncrement(), request);
        if (answer == null) {
            exchange.close();
            return;
        }
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
