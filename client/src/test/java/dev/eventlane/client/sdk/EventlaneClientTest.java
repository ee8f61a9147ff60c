package dev.eventlane.client.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.eventlane.client.logflux.LogFluxCrypto;

/** Batching, retries, refusals and overflow of the client against a stand-in server. */
class EventlaneClientTest {

    private static final String KEY = "ll_test";
    private static final Duration BOUND = Duration.ofSeconds(20);

    private final List<Dropped> dropped = new CopyOnWriteArrayList<>();

    private EventlaneClient.Builder client(FakeIngest server) {
        return EventlaneClient.builder(server.url() + "/", KEY).onDrop(dropped::add)
                .backoff(Duration.ofMillis(20), Duration.ofMillis(200));
    }

    private static Map<String, Object> event(int i) {
        return Map.of("action", "tick", "user_id", "u" + i);
    }

    @Test
    void sendsFullBatchesAtOnceAndTheRestWhenTheIntervalEnds() throws Exception {
        try (FakeIngest server = new FakeIngest((n, r) -> FakeIngest.Answer.ok());
                EventlaneClient client = client(server).batchSize(5).flushInterval(Duration.ofMillis(700)).build()) {
            long start = System.nanoTime();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                ids.add(client.log(event(i)));
            }
            await().atMost(BOUND).until(() -> server.requests().size() == 3);
            List<FakeIngest.Request> requests = server.requests();
            assertThat(requests).extracting(r -> r.eventIds().size()).containsExactly(5, 5, 2);
            assertThat(requests).allSatisfy(r -> {
                assertThat(r.path()).isEqualTo("/ingest/batch");
                assertThat(r.authorization()).isEqualTo("Bearer " + KEY);
                assertThat(r.body()).startsWith("{\"events\":[{").contains("\"action\":\"tick\"");
            });
            assertThat(requests.stream().flatMap(r -> r.eventIds().stream()).toList()).isEqualTo(ids);
            assertThat(requests.get(2).atNanos() - start).as("the last two waited for the interval")
                    .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(700));
            assertThat(client.metrics()).isEqualTo(new ClientMetrics(12, 12, 0, 3, 0, 0));
        }
    }

    @Test
    void sendsUpToConcurrencyRequestsAtOnce(@TempDir Path dir) throws Exception {
        // A backlog of 20 waits on disk (a first client could not send it), so the first round has four requests.
        try (FakeIngest down = new FakeIngest((n, r) -> FakeIngest.Answer.of(503, "{}"))) {
            EventlaneClient first = client(down).diskQueue(dir).closeTimeout(Duration.ofMillis(200)).build();
            for (int i = 0; i < 20; i++) {
                first.log(event(i));
            }
            first.close();
        }
        CountDownLatch inFlight = new CountDownLatch(4);
        List<Boolean> together = new CopyOnWriteArrayList<>();
        try (FakeIngest server = new FakeIngest((n, r) -> {
            inFlight.countDown();
            try {
                together.add(inFlight.await(20, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FakeIngest.Answer.ok();
        }); EventlaneClient client = client(server).diskQueue(dir).batchSize(5).concurrency(4).build()) {
            client.flush().get(30, TimeUnit.SECONDS);
            assertThat(together).as("four requests were in flight at once").containsExactly(true, true, true, true);
            assertThat(client.metrics().sent()).isEqualTo(20);
            assertThat(server.requests().stream().flatMap(r -> r.eventIds().stream()).distinct().count())
                    .isEqualTo(20);
        }
    }

    @Test
    void keepsTheCallersOwnEventIdAndAddsATimestamp() throws Exception {
        try (FakeIngest server = new FakeIngest((n, r) -> FakeIngest.Answer.ok());
                EventlaneClient client = client(server).build()) {
            String id = client.log(Map.of("action", "buy", "user_id", "u1", "event_id", "order-17"));
            client.flush().get(20, TimeUnit.SECONDS);
            assertThat(id).isEqualTo("order-17");
            assertThat(server.requests()).hasSize(1);
            assertThat(server.requests().get(0).eventIds()).containsExactly("order-17");
            assertThat(server.requests().get(0).body()).containsPattern("\"timestamp\":\"20\\d\\d-");
        }
    }

    @Test
    void retriesA429AfterItsRetryAfterThenA503AndANetworkErrorWithTheSameIds() throws Exception {
        try (FakeIngest server = new FakeIngest((n, r) -> switch (n) {
            case 0 -> new FakeIngest.Answer(429, Map.of("Retry-After", "1"), "{\"ok\":false,\"error\":\"rate_limited\"}");
            case 1 -> FakeIngest.Answer.of(503, "{\"ok\":false,\"error\":\"unavailable\"}");
            case 2 -> null;
            default -> FakeIngest.Answer.ok();
        }); EventlaneClient client = client(server).build()) {
            client.logBatch(List.of(event(1), event(2), event(3)));
            client.flush().get(20, TimeUnit.SECONDS);
            List<FakeIngest.Request> requests = server.requests();
            assertThat(requests).hasSize(4);
            assertThat(requests).extracting(FakeIngest.Request::eventIds).containsOnly(requests.get(0).eventIds());
            assertThat(requests.get(1).atNanos() - requests.get(0).atNanos()).as("Retry-After: 1 honoured")
                    .isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
            assertThat(dropped).isEmpty();
            assertThat(client.metrics()).isEqualTo(new ClientMetrics(3, 3, 0, 4, 3, 0));
        }
    }

    @Test
    void retriesLogEntriesWithTheSameLogIds() throws Exception {
        try (FakeIngest server = new FakeIngest((n, r) -> n % 2 == 0
                ? FakeIngest.Answer.of(503, "{\"error\":\"unavailable\"}") : FakeIngest.Answer.ok());
                EventlaneClient client = client(server).logFluxSecret("s3cret").build()) {
            String goodLogsId = client.goodLogsLog("info", "User signed up", null);
            client.flush().get(20, TimeUnit.SECONDS);
            String logFluxId = client.logFlux("node-1", 6, "started");
            client.flush().get(20, TimeUnit.SECONDS);
            List<FakeIngest.Request> requests = server.requests();
            assertThat(requests).extracting(FakeIngest.Request::path)
                    .containsExactly("/v1/logs", "/v1/logs", "/v1/batch", "/v1/batch");
            assertThat(requests).extracting(r -> field(r.body(), "log_id"))
                    .containsExactly(goodLogsId, goodLogsId, logFluxId, logFluxId);
            assertThat(dropped).isEmpty();
        }
    }

    @Test
    void neverRetriesAKeyThatIsRefusedAndReportsEveryEvent() throws Exception {
        try (FakeIngest server = new FakeIngest((n, r) -> FakeIngest.Answer.of(401,
                "{\"ok\":false,\"error\":\"invalid_key\"}")); EventlaneClient client = client(server).build()) {
            List<String> ids = client.logBatch(List.of(event(1), event(2)));
            client.flush().get(20, TimeUnit.SECONDS);
            assertThat(server.requests()).hasSize(1);
            assertThat(dropped).extracting(d -> d.event().eventId()).containsExactlyElementsOf(ids);
            assertThat(dropped).allSatisfy(d -> {
                assertThat(d.reason()).isEqualTo(DropReason.REJECTED);
                assertThat(d.detail()).startsWith("401 ").contains("invalid_key");
            });
            assertThat(client.metrics().dropped()).isEqualTo(2);
        }
    }

    @Test
    void oneInvalidEventOfAnAllOrNothingBatchDoesNotTakeTheOthersWithIt() throws Exception {
        try (FakeIngest server = new FakeIngest((n, r) -> r.body().contains("\"bad\"")
                ? FakeIngest.Answer.of(400, "{\"ok\":false,\"error\":\"invalid_event\"}") : FakeIngest.Answer.ok());
                EventlaneClient client = client(server).build()) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ids.add(client.log(i == 5 ? Map.of("action", "bad", "user_id", "u") : event(i)));
            }
            client.flush().get(20, TimeUnit.SECONDS);
            Set<String> stored = new HashSet<>();
            server.requests().stream().filter(r -> !r.body().contains("\"bad\"")).forEach(r -> stored.addAll(r.eventIds()));
            assertThat(stored).hasSize(7).doesNotContain(ids.get(5));
            assertThat(dropped).singleElement().satisfies(d -> {
                assertThat(d.event().eventId()).isEqualTo(ids.get(5));
                assertThat(d.reason()).isEqualTo(DropReason.REJECTED);
            });
        }
    }

    @Test
    void reportsTheItemsGoodLogsRefusedInsideA202() throws Exception {
        try (FakeIngest server = new FakeIngest((n, r) -> FakeIngest.Answer.of(202, "{\"accepted\":1,\"rejected\":1,"
                + "\"errors\":[{\"index\":1,\"code\":\"VALIDATION_ERROR\",\"message\":\"batch[1].event is required\"}]}"));
                EventlaneClient client = client(server).build()) {
            client.goodLogsEvent("signup", "user_1", Map.of("plan", "pro"));
            String second = client.goodLogsEvent("", null, null);
            client.flush().get(20, TimeUnit.SECONDS);
            assertThat(server.requests()).singleElement().satisfies(r -> {
                assertThat(r.path()).isEqualTo("/v1/events");
                assertThat(r.body()).startsWith("{\"batch\":[{\"event_id\":\"evt_");
            });
            assertThat(dropped).singleElement().extracting(d -> d.event().eventId()).isEqualTo(second);
            assertThat(client.metrics().sent()).isEqualTo(1);
        }
    }

    @Test
    void aFullQueueDropsTheNewestEventAtOnceWhileTheServerHangs() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (FakeIngest server = new FakeIngest((n, r) -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FakeIngest.Answer.ok();
        }); EventlaneClient client = client(server).queueCapacity(5).batchSize(2).build()) {
            long start = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                client.log(event(i));
            }
            assertThat(System.nanoTime() - start).as("the caller was not held up")
                    .isLessThan(TimeUnit.SECONDS.toNanos(2));
            assertThat(dropped).hasSize(5).allSatisfy(d -> assertThat(d.reason()).isEqualTo(DropReason.QUEUE_FULL));
            release.countDown();
            client.flush().get(20, TimeUnit.SECONDS);
            assertThat(client.metrics().sent()).isEqualTo(5);
        }
    }

    @Test
    void givesUpAfterTheRetryTimeAndDropsWhatIsLeftOnClose() throws Exception {
        try (FakeIngest server = new FakeIngest((n, r) -> FakeIngest.Answer.of(503, "{}"))) {
            EventlaneClient client = client(server).maxRetryTime(Duration.ofMillis(300)).build();
            client.log(event(1));
            client.flush().get(20, TimeUnit.SECONDS);
            assertThat(dropped).singleElement().extracting(Dropped::reason).isEqualTo(DropReason.RETRIES_EXHAUSTED);
            assertThat(server.requests().size()).isGreaterThan(1);
            client.close();
            client.log(event(2));
            assertThat(dropped).hasSize(2).last().extracting(Dropped::reason).isEqualTo(DropReason.CLOSED);
        }
    }

    @Test
    void everySurfaceGoesToItsOwnEndpointInItsOwnEnvelope() throws Exception {
        try (FakeIngest server = new FakeIngest((n, r) -> FakeIngest.Answer.ok());
                EventlaneClient client = client(server).logFluxSecret("s3cret").build()) {
            client.log(event(1));
            client.goodLogsEvent("signup", "u1", null);
            String goodLogsId = client.goodLogsLog("error", "Payment failed", Map.of("orderId", "ord_1"));
            client.logsh("Shop", "user.signup", "Signed up", "👤", true, Map.of("user_id", "12345"));
            client.logsh("Shop", "user.login", "Logged in", null, false, null);
            String logFluxId = client.logFlux("node-1", 3, "secret message");
            client.flush().get(20, TimeUnit.SECONDS);
            Map<String, List<String>> bodies = new java.util.TreeMap<>();
            server.requests().forEach(r -> bodies.computeIfAbsent(r.path(), p -> new ArrayList<>()).add(r.body()));
            assertThat(bodies).containsOnlyKeys("/ingest/batch", "/v1/events", "/v1/logs", "/api/event", "/v1/batch");
            assertThat(bodies.get("/api/event")).hasSize(2).first().asString()
                    .startsWith("{\"event_id\":\"evt_").contains("\"workspace\":\"Shop\"", "\"notify\":true",
                            "\"icon\":\"👤\"", "\"metadata\":{\"user_id\":\"12345\"}");
            assertThat(bodies.get("/v1/logs")).singleElement().asString()
                    .startsWith("{\"batch\":[{\"log_id\":\"" + goodLogsId + "\",\"severity\":\"error\","
                            + "\"message\":\"Payment failed\"");
            String entry = bodies.get("/v1/batch").get(0);
            assertThat(entry).startsWith("{\"entries\":[{\"log_id\":\"" + logFluxId + "\",\"node\":\"node-1\"")
                    .contains("\"encryption_mode\":1").doesNotContain("secret message");
            assertThat(goodLogsId).startsWith("log_").isNotEqualTo(logFluxId);
            LogFluxCrypto.Sealed sealed = new LogFluxCrypto.Sealed(field(entry, "payload"), field(entry, "iv"),
                    field(entry, "salt"));
            assertThat(LogFluxCrypto.decrypt(sealed, "s3cret")).isEqualTo("secret message");
        }
    }

    private static String field(String json, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
