package dev.eventlane.bench;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * An HTTP/1.1 load client on Vert.x (event loop, pooled keep-alive connections), as a fleet of SDKs would be: it
 * keeps a fixed number of requests in flight and records each one's latency from send to response.
 */
final class HttpLoad implements AutoCloseable {

    record Result(long requests, long failures, long items, double seconds, Latencies latencies) {
        double requestsPerSecond() {
            return requests / seconds;
        }

        double itemsPerSecond() {
            return items / seconds;
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final WebClient client;
    private final String key;
    private final String userAgent;

    HttpLoad(int connections, String key) {
        this(connections, key, "eventlane-bench/1");
    }

    /** @param userAgent sent with POSTs (the web collection drops what a bot sends) */
    HttpLoad(int connections, String key, String userAgent) {
        this.key = key;
        this.userAgent = userAgent;
        this.client = WebClient.create(vertx, new WebClientOptions().setMaxPoolSize(connections)
                .setKeepAlive(true).setTcpNoDelay(true).setConnectTimeout(5000).setIdleTimeout(60));
    }

    CompletionStage<HttpResponse<Buffer>> post(String url, String body) {
        URI uri = URI.create(url);
        return client.post(uri.getPort(), uri.getHost(), uri.getRawPath())
                .putHeader("Authorization", "Bearer " + key).putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", userAgent).timeout(30_000)
                .sendBuffer(Buffer.buffer(body)).toCompletionStage();
    }

    CompletionStage<HttpResponse<Buffer>> get(String url) {
        URI uri = URI.create(url);
        String path = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
        return client.get(uri.getPort(), uri.getHost(), path).putHeader("Authorization", "Bearer " + key)
                .timeout(30_000).send().toCompletionStage();
    }

    CompletionStage<HttpResponse<Buffer>> delete(String url) {
        URI uri = URI.create(url);
        return client.delete(uri.getPort(), uri.getHost(), uri.getRawPath())
                .putHeader("Authorization", "Bearer " + key).timeout(120_000).send().toCompletionStage();
    }

    /**
     * Closed loop: keeps {@code inFlight} POSTs going until {@code requests} were answered or {@code limit} passed.
     *
     * @param bodies        the next request body each call
     * @param itemsPerBody  events per request (for events/s)
     */
    Result closedLoop(String url, Supplier<String> bodies, int itemsPerBody, long requests, int inFlight,
            Duration limit) throws InterruptedException {
        Latencies latencies = new Latencies();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Semaphore slots = new Semaphore(inFlight);
        long started = System.nanoTime();
        long deadline = started + limit.toNanos();
        long sent = 0;
        while (sent < requests && System.nanoTime() < deadline) {
            slots.acquire();
            String body = bodies.get();
            long t0 = System.nanoTime();
            post(url, body).whenComplete((response, error) -> {
                if (error == null && response.statusCode() / 100 == 2) {
                    latencies.record(System.nanoTime() - t0);
                    ok.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
                slots.release();
            });
            sent++;
        }
        slots.acquire(inFlight);
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Result(ok.get(), failed.get(), ok.get() * itemsPerBody, seconds, latencies);
    }

    static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    @Override
    public void close() {
        client.close();
        vertx.close();
    }
}
