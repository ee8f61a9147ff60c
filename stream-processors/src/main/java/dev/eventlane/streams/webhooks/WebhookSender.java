package dev.eventlane.streams.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import dev.eventlane.schemas.WebhookAttempt;
import dev.eventlane.schemas.WebhookDelivery;
import dev.eventlane.schemas.WebhookEndpoint;

/**
 * Makes one attempt of a delivery, off the stream thread: resolves and checks the target, POSTs the payload signed
 * with the endpoint's secret within the timeout, and writes what came of it, with the next attempt's time or the
 * verdict, as a {@link WebhookAttempt} to the attempts topic. The dispatcher's topology reads it back to move the
 * delivery on; a slow endpoint only holds its own requests.
 */
public final class WebhookSender implements DispatchProcessor.Sender, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class);
    static final String USER_AGENT = "Eventlane-Webhooks/1";
    /** The longest error text kept in the delivery log. */
    private static final int MAX_ERROR = 500;

    private final ExecutorService executor;
    private final HttpClient http;
    private final Producer<String, WebhookAttempt> attempts;
    private final String attemptsTopic;
    private final Backoff backoff;
    private final Duration timeout;
    private final TargetGuard guard;

    public WebhookSender(Producer<String, WebhookAttempt> attempts, String attemptsTopic, Backoff backoff,
            Duration timeout, boolean allowPrivateNetworks) {
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "webhook-sender");
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder().executor(executor).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.attempts = attempts;
        this.attemptsTopic = attemptsTopic;
        this.backoff = backoff;
        this.timeout = timeout;
        this.guard = new TargetGuard(allowPrivateNetworks);
    }

    @Override
    public void send(WebhookDelivery delivery, WebhookEndpoint endpoint) {
        int attempt = delivery.getAttempts() + 1;
        CompletableFuture.supplyAsync(() -> guard.refusal(URI.create(endpoint.getUrl())), executor)
                .thenCompose(refusal -> refusal != null
                        ? CompletableFuture.completedFuture(Result.refused(refusal))
                        : post(delivery, endpoint))
                .exceptionally(Result::failed)
                .thenAccept(result -> record(delivery, attempt, result));
    }

    private CompletableFuture<Result> post(WebhookDelivery delivery, WebhookEndpoint endpoint) {
        long started = System.currentTimeMillis();
        long timestamp = started / 1000;
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.getUrl())).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header("webhook-id", delivery.getDeliveryId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSignature.sign(endpoint.getSecret(), delivery.getDeliveryId(),
                        timestamp, delivery.getPayload()))
                .header("Eventlane-Kind", delivery.getKind())
                .POST(HttpRequest.BodyPublishers.ofString(delivery.getPayload())).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(response -> {
                    close(response.body()); // the answer's body is not read: a receiver cannot hold us with it
                    return Result.answered(response.statusCode(), started);
                })
                .exceptionally(failure -> Result.failed(failure, started));
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

    private static void close(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // nothing to do: the connection is dropped
        }
    }

    @Override
    public void close() {
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

        static Result refused(String why) {
            return new Result(0, 0, 0, why, true);
        }

        boolean delivered() {
            return status / 100 == 2;
        }

        private static String describe(Throwable failure) {
            Throwable shown = failure;
            while (shown instanceof CompletionException && shown.getCause() != null) {
                shown = shown.getCause();
            }
            String text = shown.getClass().getSimpleName();
            if (shown.getMessage() != null) {
                text += ": " + shown.getMessage();
            } else if (shown.getCause() != null) {
                text += " (" + shown.getCause().getClass().getSimpleName() + ")";
            }
            return text.length() > MAX_ERROR ? text.substring(0, MAX_ERROR) : text;
        }
    }
}
