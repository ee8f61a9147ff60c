package dev.eventlane.client.sdk;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import dev.eventlane.client.logflux.LogFluxCrypto;

/**
 * Sends events and logs to Eventlane's ingest surfaces from a background thread: the {@code log...} methods only
 * queue (they never wait for the network), and one sender thread posts them in batches (every {@code batchSize}
 * events, every {@code flushInterval}, on {@link #flush()} and on {@link #close()}), retrying what may succeed later.
 *
 * <p><b>Idempotency.</b> Every event gets a client id ({@code event_id}) when it is logged, every log entry one too
 * ({@code log_id}: GoodLogs logs, LogFlux); a retried request carries the same ids, and ingest stores an id once per
 * project (within a week of its first arrival), so a retry after a lost answer is never counted twice.
 *
 * <p><b>Retries.</b> 408, 429, 5xx and network errors are retried with exponential backoff and jitter; a
 * {@code Retry-After} is honoured. Other 4xx would fail again and are not retried: the events are dropped as
 * {@link DropReason#REJECTED} (a 400 or 413 of a batch is first split, so one bad event does not take the others
 * with it). Retrying stops after {@code maxRetryTime} ({@link DropReason#RETRIES_EXHAUSTED}).
 *
 * <p><b>Overflow.</b> The queue is bounded ({@code queueCapacity} events in memory, or {@code diskQueueBytes} on
 * disk); when it is full the newest event is dropped ({@link DropReason#QUEUE_FULL}) and the caller is not held up.
 * Every dropped event goes to the drop callback and the {@link #metrics()}.
 *
 * <p>Thread-safe: one client per application is enough.
 */
public final class EventlaneClient implements AutoCloseable {

    static final String USER_AGENT = "eventlane-java/0.1";

    /** Everything a client is built with. */
    record Settings(String baseUrl, String apiKey, int batchSize, int concurrency, Duration flushInterval,
            Duration requestTimeout, Backoff backoff, Duration maxRetryTime, Duration closeTimeout) {
    }

    private final Settings settings;
    private final EventQueue queue;
    private final Sender sender;
    private final Thread thread;
    private final Consumer<Dropped> onDrop;
    private final Sender.Counters counters = new Sender.Counters();
    private final Flushes flushes = new Flushes();
    private final LogFluxCrypto.Sealer sealer;
    private volatile boolean closed;

    private EventlaneClient(Builder builder) {
        this.settings = new Settings(builder.baseUrl, builder.apiKey, builder.batchSize, builder.concurrency,
                builder.flushInterval,
                builder.requestTimeout, new Backoff(builder.backoffBase, builder.backoffMax), builder.maxRetryTime,
                builder.closeTimeout);
        this.onDrop = builder.onDrop;
        this.queue = builder.diskQueue == null ? new MemoryQueue(builder.queueCapacity)
                : new DiskQueue(builder.diskQueue, builder.diskQueueBytes, builder.segmentBytes, builder.fsync);
        counters.logged.set(queue.size());
        this.sealer = builder.logFluxSecret == null ? null : LogFluxCrypto.sealer(builder.logFluxSecret);
        HttpClient http = HttpClient.newBuilder().connectTimeout(builder.connectTimeout)
                .version(HttpClient.Version.HTTP_1_1).build();
        this.sender = new Sender(settings, queue, http, onDrop, counters, flushes);
        this.thread = new Thread(sender, "eventlane-sender");
        thread.setDaemon(true);
        thread.start();
    }

    /** A client of the Eventlane front door at {@code baseUrl} (e.g. {@code http://localhost:8000}) with a key. */
    public static Builder builder(String baseUrl, String apiKey) {
        return new Builder(baseUrl, apiKey);
    }

    // --- LogLogic -------------------------------------------------------------------------------------------------

    /**
     * Queues one LogLogic event ({@code action}, {@code user_id}, {@code funnel}, {@code session_id},
     * {@code platform}, {@code timestamp}, {@code data}); the id and, when absent, the time are added.
     *
     * @return the event's id (the caller's own {@code event_id} when it gave one)
     */
    public String log(Map<String, ?> event) {
        Map<String, Object> copy = new LinkedHashMap<>(Objects.requireNonNull(event, "event"));
        String id = idOf(copy);
        copy.putIfAbsent("timestamp", Instant.now().toString());
        return enqueue(Surface.LOGLOGIC, id, copy);
    }

    /** Queues LogLogic events; they are sent in batches with whatever else is queued. */
    public List<String> logBatch(List<? extends Map<String, ?>> events) {
        List<String> ids = new ArrayList<>(events.size());
        for (Map<String, ?> event : events) {
            ids.add(log(event));
        }
        return ids;
    }

    // --- GoodLogs -------------------------------------------------------------------------------------------------

    /** Queues a GoodLogs event ({@code POST /v1/events}); {@code distinctId} and {@code properties} may be null. */
    public String goodLogsEvent(String event, String distinctId, Map<String, ?> properties) {
        Map<String, Object> item = new LinkedHashMap<>();
        String id = newId();
        item.put("event_id", id);
        item.put("event", Objects.requireNonNull(event, "event"));
        if (distinctId != null) {
            item.put("distinctId", distinctId);
        }
        if (properties != null) {
            item.put("properties", new LinkedHashMap<>(properties));
        }
        item.put("timestamp", Instant.now().toString());
        return enqueue(Surface.GOODLOGS_EVENTS, id, item);
    }

    /**
     * Queues a GoodLogs log entry ({@code POST /v1/logs}, a secret key): {@code severity} one of {@code debug},
     * {@code info}, {@code warn}, {@code error}, {@code fatal}; {@code properties} may be null.
     *
     * @return the entry's id ({@code log_id})
     */
    public String goodLogsLog(String severity, String message, Map<String, ?> properties) {
        Map<String, Object> item = new LinkedHashMap<>();
        String id = newLogId();
        item.put("log_id", id);
        item.put("severity", Objects.requireNonNull(severity, "severity"));
        item.put("message", Objects.requireNonNull(message, "message"));
        if (properties != null) {
            item.put("properties", new LinkedHashMap<>(properties));
        }
        item.put("timestamp", Instant.now().toString());
        return enqueue(Surface.GOODLOGS_LOGS, id, item);
    }

    // --- Logsh ----------------------------------------------------------------------------------------------------

    /**
     * Queues a Logsh event ({@code POST /api/event}); {@code notify} sends it to the project's {@code notify}
     * webhooks. {@code icon} (one emoji) and {@code metadata} may be null.
     */
    public String logsh(String workspace, String event, String description, String icon, boolean notify,
            Map<String, ?> metadata) {
        Map<String, Object> body = new LinkedHashMap<>();
        String id = newId();
        body.put("event_id", id);
        body.put("workspace", Objects.requireNonNull(workspace, "workspace"));
        body.put("event", Objects.requireNonNull(event, "event"));
        body.put("description", Objects.requireNonNull(description, "description"));
        if (icon != null) {
            body.put("icon", icon);
        }
        body.put("notify", notify);
        if (metadata != null) {
            body.put("metadata", new LinkedHashMap<>(metadata));
        }
        return enqueue(Surface.LOGSH, id, body);
    }

    // --- LogFlux --------------------------------------------------------------------------------------------------

    /**
     * Seals {@code message} with the builder's {@link Builder#logFluxSecret} (AES-256-GCM, a fresh IV; only the
     * sealed entry is ever queued, in memory or on disk) and queues it for LogFlux's {@code POST /v1/batch}.
     *
     * @param loglevel 1 (emergency) to 8 (debug)
     * @return the entry's id ({@code log_id})
     */
    public String logFlux(String node, int loglevel, String message) {
        if (sealer == null) {
            throw new IllegalStateException("no LogFlux secret: set Builder.logFluxSecret");
        }
        LogFluxCrypto.Sealed sealed = sealer.seal(Objects.requireNonNull(message, "message"));
        Map<String, Object> entry = new LinkedHashMap<>();
        String id = newLogId();
        entry.put("log_id", id);
        entry.put("node", Objects.requireNonNull(node, "node"));
        entry.put("payload", sealed.payload());
        entry.put("loglevel", loglevel);
        entry.put("timestamp", Instant.now().toString());
        entry.put("encryption_mode", 1);
        entry.put("iv", sealed.iv());
        entry.put("salt", sealed.salt());
        return enqueue(Surface.LOGFLUX, id, entry);
    }

    // --- control --------------------------------------------------------------------------------------------------

    /** Sends what is queued now; completes once every event logged before the call is stored or given up. */
    public CompletableFuture<Void> flush() {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = flushes.add(counters.logged.get());
        queue.wake();
        return done;
    }

    public ClientMetrics metrics() {
        return new ClientMetrics(counters.logged.get(), counters.sent.get(), counters.dropped.get(),
                counters.requests.get(), counters.retries.get(), queue.size());
    }

    /**
     * Sends what is queued, waiting at most the close timeout; then stops the sender. What could not be sent stays on
     * the disk queue for the next start, or (memory queue) is dropped as {@link DropReason#CLOSED}.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        CompletableFuture<Void> drained = flush();
        closed = true;
        try {
            drained.get(settings.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            sender.finish();
            thread.join(settings.closeTimeout().toMillis());
        } catch (TimeoutException | ExecutionException e) {
            // what is left is handled below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.abort();
        try {
            thread.join(settings.requestTimeout().toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushes.release();
        if (queue instanceof MemoryQueue memory) {
            memory.drain().forEach(e -> report(onDrop, counters, new Dropped(e, DropReason.CLOSED, "client closed")));
        }
        queue.close();
    }

    private String enqueue(Surface surface, String id, Map<String, Object> body) {
        QueuedEvent event = new QueuedEvent(surface, id, Json.write(body));
        if (closed) {
            report(onDrop, counters, new Dropped(event, DropReason.CLOSED, "client closed"));
        } else if (queue.offer(event)) {
            counters.logged.incrementAndGet();
        } else {
            report(onDrop, counters, new Dropped(event, DropReason.QUEUE_FULL, "queue full"));
        }
        return id;
    }

    /** The caller's own {@code event_id}, or a new one put in. */
    private static String idOf(Map<String, Object> event) {
        Object given = event.get("event_id");
        if (given instanceof String id && !id.isBlank()) {
            return id;
        }
        String id = newId();
        event.put("event_id", id);
        return id;
    }

    static String newId() {
        return "evt_" + UUID.randomUUID().toString().replace("-", "");
    }

    static String newLogId() {
        return "log_" + UUID.randomUUID().toString().replace("-", "");
    }

    static void report(Consumer<Dropped> onDrop, Sender.Counters counters, Dropped dropped) {
        counters.dropped.incrementAndGet();
        try {
            onDrop.accept(dropped);
        } catch (RuntimeException e) {
            System.getLogger(EventlaneClient.class.getName()).log(System.Logger.Level.WARNING,
                    "the drop callback failed", e);
        }
    }

    /** Settings of a client; every one has a default. */
    public static final class Builder {

        private final String baseUrl;
        private final String apiKey;
        private int batchSize = 50;
        private int concurrency = 1;
        private Duration flushInterval = Duration.ofSeconds(5);
        private int queueCapacity = 10_000;
        private Path diskQueue;
        private long diskQueueBytes = 256L * 1024 * 1024;
        private long segmentBytes = 8L * 1024 * 1024;
        private FsyncPolicy fsync = FsyncPolicy.INTERVAL;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(15);
        private Duration backoffBase = Duration.ofMillis(250);
        private Duration backoffMax = Duration.ofSeconds(30);
        private Duration maxRetryTime = Duration.ofMinutes(10);
        private Duration closeTimeout = Duration.ofSeconds(10);
        private Consumer<Dropped> onDrop = dropped -> { };
        private String logFluxSecret;

        private Builder(String baseUrl, String apiKey) {
            String url = Objects.requireNonNull(baseUrl, "baseUrl");
            this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        }

        /** Events a request carries at most (default 50; a surface's own limit caps it). */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1");
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Requests in flight at once (default 1: requests go in the order their events were logged). More sends a
         * backlog faster; the requests of one round may then be stored in any order (each event keeps its own
         * timestamp).
         */
        public Builder concurrency(int concurrency) {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1");
            }
            this.concurrency = concurrency;
            return this;
        }

        /** The longest an event waits for its batch to fill (default 5 s). */
        public Builder flushInterval(Duration flushInterval) {
            this.flushInterval = positive(flushInterval, "flushInterval");
            return this;
        }

        /** Events the memory queue holds (default 10,000); the newest is dropped beyond. */
        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        /** Queues on disk in {@code dir} instead of memory, so queued events survive a restart of the app. */
        public Builder diskQueue(Path dir) {
            this.diskQueue = dir;
            return this;
        }

        /** Bytes the disk queue holds at most (default 256 MiB); the newest event is dropped beyond. */
        public Builder diskQueueBytes(long bytes) {
            this.diskQueueBytes = bytes;
            return this;
        }

        /** Size at which the disk queue starts a new segment file (default 8 MiB). */
        public Builder diskSegmentBytes(long bytes) {
            this.segmentBytes = bytes;
            return this;
        }

        /** When the disk queue fsyncs (default {@link FsyncPolicy#INTERVAL}). */
        public Builder fsync(FsyncPolicy fsync) {
            this.fsync = Objects.requireNonNull(fsync);
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** How long one request may take (default 15 s); then it counts as a network error and is retried. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /** The first retry's wait (default 250 ms) and the longest (default 30 s); each retry doubles it. */
        public Builder backoff(Duration base, Duration max) {
            this.backoffBase = positive(base, "backoff base");
            this.backoffMax = positive(max, "backoff max");
            return this;
        }

        /** How long one request is retried before its events are dropped (default 10 minutes). */
        public Builder maxRetryTime(Duration maxRetryTime) {
            this.maxRetryTime = positive(maxRetryTime, "maxRetryTime");
            return this;
        }

        /** How long {@link #close()} waits for the queue to drain (default 10 s). */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = positive(closeTimeout, "closeTimeout");
            return this;
        }

        /** Called for every dropped event, on a thread of the SDK (or the caller's, for a full queue); keep it short. */
        public Builder onDrop(Consumer<Dropped> onDrop) {
            this.onDrop = Objects.requireNonNull(onDrop);
            return this;
        }

        /** The secret LogFlux entries are sealed with; the key is derived once, here, which takes a moment. */
        public Builder logFluxSecret(String secret) {
            this.logFluxSecret = secret;
            return this;
        }

        public EventlaneClient build() {
            return new EventlaneClient(this);
        }

        private static Duration positive(Duration value, String name) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }
    }
}
