package dev.eventlane.streams.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server receiving webhooks: it answers 500 to the first {@code failures} requests, then 200, and can be
 * made to hold every request until released (a slow receiver). It keeps what it was sent.
 */
final class Receiver implements AutoCloseable {

    /** One request as received. */
    record Received(String id, String timestamp, String signature, String kind, String body, int answered) {
    }

    private final HttpServer server;
    private final AtomicInteger failuresLeft;
    private final CountDownLatch hold;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private Receiver(int failures, boolean slow) throws IOException {
        this.failuresLeft = new AtomicInteger(failures);
        this.hold = new CountDownLatch(slow ? 1 : 0);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/hook", this::handle);
        server.start();
    }

    static Receiver failing(int failures) throws IOException {
        return new Receiver(failures, false);
    }

    static Receiver slow() throws IOException {
        return new Receiver(0, true);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** Lets held requests be answered. */
    void release() {
        hold.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            hold.await(30, TimeUnit.SECONDS);
            int status = failuresLeft.getAndDecrement() > 0 ? 500 : 200;
            Map<String, List<String>> headers = exchange.getRequestHeaders();
            received.add(new Received(first(headers, "webhook-id"), first(headers, "webhook-timestamp"),
                    first(headers, "webhook-signature"), first(headers, "eventlane-kind"), body, status));
            exchange.sendResponseHeaders(status, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    private static String first(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name)).findFirst()
                .map(h -> h.getValue().get(0)).orElse(null);
    }

    @Override
    public void close() {
        hold.countDown();
        server.stop(0);
    }
}
