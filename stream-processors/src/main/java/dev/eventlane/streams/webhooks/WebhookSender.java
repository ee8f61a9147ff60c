package dev.eventlane.streams.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import dev.eventlane.schemas.WebhookAttempt;
import dev.eventlane.schemas.WebhookDelivery;
import dev.eventlane.schemas.WebhookEndpoint;

/**
 * Makes one attempt of a delivery, off the stream thread: resolves and checks the target once, POSTs the payload
 * signed with the endpoint's secret to exactly the checked address within the timeout, and writes what came of it,
 * with the next attempt's time or the verdict, as a {@link WebhookAttempt} to the attempts topic. The dispatcher's
 * topology reads it back to move the delivery on; a slow endpoint only holds its own requests.
 */
public final class WebhookSender implements DispatchProcessor.Sender, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class);
    static final String USER_AGENT = "Eventlane-Webhooks/1";

    private final ExecutorService executor;
    private final Vertx vertx;
    private final HttpClient http;
    private final Producer<String, WebhookAttempt> attempts;
    private final String attemptsTopic;
    private final Backoff backoff;
    private final Duration timeout;
    private final TargetGuard guard;

    public WebhookSender(Producer<String, WebhookAttempt> attempts, String attemptsTopic, Backoff backoff,
            Duration timeout, boolean allowPrivateNetworks) {
        this(attempts, attemptsTopic, backoff, timeout, new TargetGuard(allowPrivateNetworks));
    }

    WebhookSender(Producer<String, WebhookAttempt> attempts, String attemptsTopic, Backoff backoff,
            Duration timeout, TargetGuard guard) {
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "webhook-sender");
            thread.setDaemon(true);
            return thread;
        });
        // Vert.x rather than java.net.http: it connects to a given address while the Host header, SNI and the
        // certificate check keep the URL's host, which is what pins the connection to the checked address.
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) timeout.toMillis())
                .setKeepAlive(false).setVerifyHost(true).setForceSni(true), new PoolOptions().setHttp1MaxSize(64));
        this.attempts = attempts;
        this.attemptsTopic = attemptsTopic;
        this.backoff = backoff;
        this.timeout = timeout;
        this.guard = guard;
    }

    @Override
    public void send(WebhookDelivery delivery, WebhookEndpoint endpoint) {
        int attempt = delivery.getAttempts() + 1;
        URI url = URI.create(endpoint.getUrl());
        CompletableFuture.supplyAsync(() -> guard.target(url), executor)
                .thenCompose(target -> {
                    if (target.refusal() != null) {
                        return CompletableFuture.completedFuture(Result.refused(target.refusal()));
                    }
                    if (target.unresolved()) {
                        return CompletableFuture.completedFuture(Result.unresolved());
                    }
                    return post(delivery, endpoint, url, target.address());
                })
                .exceptionally(Result::failed)
                .thenAccept(result -> record(delivery, attempt, result));
    }

    /** POSTs to exactly {@code address}, with the URL's host as Host header and TLS server name. */
    private CompletableFuture<Result> post(WebhookDelivery delivery, WebhookEndpoint endpoint, URI url,
            InetAddress address) {
        long started = System.currentTimeMillis();
        long timestamp = started / 1000;
        boolean tls = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setHost(TargetGuard.host(url))
                .setPort(port).setSsl(tls).setURI(path)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setTimeout(timeout.toMillis()).setFollowRedirects(false)
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", USER_AGENT)
                .putHeader("webhook-id", delivery.getDeliveryId())
                .putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature", WebhookSignature.sign(endpoint.getSecret(), delivery.getDeliveryId(),
                        timestamp, delivery.getPayload()))
                .putHeader("Eventlane-Kind", delivery.getKind());
        CompletableFuture<Result> result = new CompletableFuture<>();
        http.request(request)
                .compose(sending -> sending.send(Buffer.buffer(delivery.getPayload())))
                .onSuccess(response -> {
                    // The answer's body is not read: a receiver cannot hold us with it.
                    response.request().connection().close();
                    result.complete(Result.answered(response.statusCode(), started));
                })
                .onFailure(failure -> result.complete(Result.failed(failure, started)));
        return result;
    }

    private void record(WebhookDelivery delivery, int attempt, Result result) {
        long now = System.currentTimeMillis();
        String outcome;
        Long next = null;
        if (result.delivered()) {
            outcome = "delivered";
        } else if (result.permanent()) {
            outcome = "dead";
        } else {
            long at = backoff.nextAttemptMs(attempt, now, delivery.getCreatedAt().toEpochMilli());
            outcome = at < 0 ? "dead" : "retrying";
            next = at < 0 ? null : at;
        }
        WebhookAttempt record = WebhookAttempt.newBuilder().setDeliveryId(delivery.getDeliveryId())
                .setAlertId(delivery.getAlertId()).setProjectId(delivery.getProjectId())
                .setEndpointId(delivery.getEndpointId()).setKind(delivery.getKind()).setAttempt(attempt)
                .setAt(Instant.ofEpochMilli(result.startedMs() > 0 ? result.startedMs() : now))
                .setStatus(result.status()).setLatencyMs(result.latencyMs()).setError(result.error())
                .setOutcome(outcome).setNextAttemptAt(next == null ? null : Instant.ofEpochMilli(next)).build();
        attempts.send(new ProducerRecord<>(attemptsTopic, delivery.getProjectId(), record), (metadata, e) -> {
            if (e != null) {
                // The delivery stays pending; the dispatcher tries it again once its in-flight mark expires.
                LOG.warnf("Could not record attempt %d of delivery %s: %s", attempt, delivery.getDeliveryId(),
                        e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        http.close();
        vertx.close();
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What one attempt gave: the status (0 without an answer), its latency and error, and whether to retry. */
    record Result(int status, long startedMs, long latencyMs, String error, boolean permanent) {

        static Result answered(int status, long startedMs) {
            return new Result(status, startedMs, System.currentTimeMillis() - startedMs,
                    status / 100 == 2 ? null : "HTTP " + status, false);
        }

        static Result failed(Throwable failure, long startedMs) {
            return new Result(0, startedMs, System.currentTimeMillis() - startedMs, describe(failure), false);
        }

        static Result failed(Throwable failure) {
            return new Result(0, 0, 0, describe(failure), false);
        }

        static Result unresolved() {
            return new Result(0, 0, 0, AttemptErrors.HOST_NOT_FOUND, false);
        }

        static Result refused(String why) {
            return new Result(0, 0, 0, why, true);
        }

        boolean delivered() {
            return status / 100 == 2;
        }

        /** A fixed phrase ({@link AttemptErrors}); the details go to the service log only. */
        private static String describe(Throwable failure) {
            LOG.debugf("Webhook attempt failed: %s", failure);
            return AttemptErrors.of(failure);
        }
    }
}
