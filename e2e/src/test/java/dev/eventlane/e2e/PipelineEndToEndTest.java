package dev.eventlane.e2e;

import static dev.eventlane.e2e.Pipeline.INGEST;
import static dev.eventlane.e2e.Pipeline.QUERY;
import static dev.eventlane.e2e.Pipeline.STREAMS;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.eventlane.client.logflux.LogFluxCrypto;
import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.Sql;
import dev.eventlane.platform.time.ShiftedClock;

/**
 * The walking pipeline on real servers: ingest-api, stream-processors and query-api as packaged processes, a real
 * KRaft broker, ClickHouse and PostgreSQL. Each test works in its own users so tests do not see each other.
 */
class PipelineEndToEndTest {

    /** "Now" as the services see it: moved by the clock sweep (see ShiftedClock). */
    private static final Clock CLOCK = ShiftedClock.fromSystemProperty();

    static final String KEY_A = "ll_e2eKeyA000000000000000000000000000000000000000000";
    static final String KEY_B = "ll_e2eKeyB000000000000000000000000000000000000000000";
    static final int EVENTS_UNDER_CRASH = 100_000;

    private static Pipeline pipeline;
    private static Service ingest;
    private static Service streams;
    private static Service query;
    private static ClickHouseClient clickhouse;
    private static final Http A = new Http(KEY_A);
    private static final Http B = new Http(KEY_B);

    @BeforeAll
    static void startPipeline() {
        pipeline = Pipeline.logsIn("pipeline").topics("events", "events-unique")
                .keys(KEY_A + "=project-a," + KEY_B + "=project-b")
                // The test's webhook receiver listens on loopback.
                .with(STREAMS, "eventlane.alerts.webhooks.allow-private-networks", "true")
                .start(STREAMS, INGEST, QUERY);
        ingest = pipeline.ingest();
        streams = pipeline.streams();
        query = pipeline.query();
        clickhouse = pipeline.clickHouse();
    }

    @AfterAll
    static void stopPipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void batchIsReadBackThroughQueryApiWithEveryField() {
        String user = "usr_" + UUID.randomUUID();
        Http.Reply posted = A.post(ingest.url() + "/ingest/batch", """
                {"events":[
                  {"action":"app_open","user_id":"%1$s","funnel":"checkout","session_id":"s1","platform":"Web",
                   "timestamp":"2026-11-01T10:00:00.250Z"},
                  {"action":"purchase","user_id":"%1$s","funnel":"checkout","session_id":"s1","platform":"Web",
                   "timestamp":"2026-11-01T10:05:00Z","event_id":"order-%1$s",
                   "data":{"amount":49.99,"currency":"USD","items":[{"sku":"SHOE-42","qty":2}]}}]}"""
                .formatted(user));
        assertThat(posted.status()).isEqualTo(200);
        assertThat(posted.body().get("ingested").asInt()).isEqualTo(2);

        JsonNode events = Awaitility.await().atMost(Duration.ofSeconds(15)).until(
                () -> A.get(query.url() + "/events?user_id=" + user).body().get("events"), e -> e.size() == 2);

        JsonNode purchase = events.get(0);
        assertThat(purchase.get("event_id").asText()).isEqualTo("order-" + user);
        assertThat(purchase.get("action").asText()).isEqualTo("purchase");
        assertThat(purchase.get("user_id").asText()).isEqualTo(user);
        assertThat(purchase.get("funnel").asText()).isEqualTo("checkout");
        assertThat(purchase.get("session_id").asText()).isEqualTo("s1");
        assertThat(purchase.get("platform").asText()).isEqualTo("Web");
        assertThat(purchase.get("timestamp").asText()).isEqualTo("2026-11-01T10:05:00Z");
        assertThat(purchase.get("received_at").asText()).isNotBlank();
        assertThat(purchase.get("source").asText()).isEqualTo("loglogic");
        assertThat(purchase.get("data").get("amount").decimalValue()).isEqualByComparingTo("49.99");
        assertThat(purchase.get("data").get("amount").toString()).isEqualTo("49.99");
        assertThat(purchase.get("data").get("currency").asText()).isEqualTo("USD");
        assertThat(purchase.get("data").get("items").get(0).get("qty").asInt()).isEqualTo(2);
        assertThat(purchase.get("context").get("user_agent").asText()).isEqualTo("eventlane-e2e/1.0");
        assertThat(purchase.get("context").get("ip").asText()).isNotBlank();
        JsonNode open = events.get(1);
        assertThat(open.get("event_id").asText()).isEqualTo(posted.body().get("event_ids").get(0).asText());
        assertThat(open.get("timestamp").asText()).isEqualTo("2026-11-01T10:00:00.250Z");
        assertThat(open.get("data").size()).isZero();

        assertThat(B.get(query.url() + "/events?user_id=" + user).body().get("events").size()).isZero();
    }

    @Test
    void logshNotifyReachesTheProjectsWebhookSignedAndShowsInItsDeliveryLog() throws Exception {
        IssuedKey issued = IssuedKey.create(query.url(), "supporter");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Http.Reply created = issued.owner().post(query.url() + issued.projectPath() + "/webhooks",
                    "{\"url\":\"" + receiver.url() + "\",\"kinds\":[\"notify\"]}");
            assertThat(created.status()).isEqualTo(201);
            String secret = created.body().get("secret").asText();
            Set<String> sent = sendNotificationsUntilReceived(new Http(issued.key()), receiver);

            WebhookReceiver.Received got = receiver.received().get(0);
            JsonNode body = new ObjectMapper().readTree(got.body());
            assertThat(sent).contains(body.get("event").asText());
            assertThat(body.get("workspace").asText()).isEqualTo("shop");
            assertThat(body.get("description").asText()).isEqualTo("Deployed");
            assertThat(body.get("icon").asText()).isEqualTo("🚀");
            assertThat(body.get("metadata").get("version").asText()).isEqualTo("1.2.3");
            assertThat(body.get("metadata").get("canary").asBoolean()).isFalse();
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())),
                    "HmacSHA256"));
            assertThat(got.signature()).isEqualTo("v1," + Base64.getEncoder().encodeToString(
                    mac.doFinal((got.id() + "." + got.timestamp() + "." + got.body())
                            .getBytes(StandardCharsets.UTF_8))));

            String log = query.url() + issued.projectPath() + "/webhooks/" + created.body().get("id").asText()
                    + "/deliveries";
            JsonNode attempt = Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> attemptOf(issued.owner().get(log).body().get("deliveries"), got.id()),
                            Objects::nonNull);
            assertThat(attempt.get("outcome").asText()).isEqualTo("delivered");
            assertThat(attempt.get("status").asInt()).isEqualTo(204);
            assertThat(attempt.get("kind").asText()).isEqualTo("notify");
        }
    }

    @Test
    void webhookDispatcherKilledMidRetryResumesAndDelivers() throws Exception {
        IssuedKey issued = IssuedKey.create(query.url(), "brother");
        try (WebhookReceiver receiver = new WebhookReceiver(1)) {
            Http.Reply created = issued.owner().post(query.url() + issued.projectPath() + "/webhooks",
                    "{\"url\":\"" + receiver.url() + "\",\"kinds\":[\"notify\"]}");
            assertThat(created.status()).isEqualTo(201);
            sendNotificationsUntilReceived(new Http(issued.key()), receiver);
            // The first attempt was answered 500: its retry is due in about 10 s. The dispatcher dies before it.
            streams.kill();
            String id = receiver.received().get(0).id();
            assertThat(receiver.received().get(0).answered()).isEqualTo(500);
            streams.start();

            Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> receiver.received().stream()
                    .anyMatch(r -> r.id().equals(id) && r.answered() == 204));
            assertThat(receiver.received().stream().filter(r -> r.id().equals(id)).map(WebhookReceiver.Received::body)
                    .distinct()).hasSize(1);
        }
    }

    @Test
    void aGqlRuleCountingDistinctUsersFiresWithTheirExactCount() throws Exception {
        IssuedKey issued = IssuedKey.create(query.url(), "supporter");
        Http key = new Http(issued.key());
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            assertThat(issued.owner().post(query.url() + issued.projectPath() + "/webhooks",
                    "{\"url\":\"" + receiver.url() + "\",\"kinds\":[\"alert\"]}").status()).isEqualTo(201);
            String condition = "from:events event:signup | count distinct $distinct_id | last 10m";
            String rule = "{\"name\":\"Signup burst\",\"query\":\"" + condition + "\",\"threshold\":7}";
            // The key reaches query-api by topic.
            Http.Reply created = Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> key.post(query.url() + "/v1/alerts", rule), reply -> reply.status() != 401);
            assertThat(created.status()).isEqualTo(201);

            // Eight users, spread over the partitions by their keys, each signing up twice a round, and logins of
            // others: the rule sees exactly eight users whenever it has counted them all.
            List<String> users = IntStream.range(0, 8).mapToObj(i -> "usr_" + UUID.randomUUID()).toList();
            StringBuilder round = new StringBuilder("{\"batch\":[");
            for (String user : users) {
                round.append("{\"event\":\"signup\",\"distinctId\":\"").append(user).append("\"},");
                round.append("{\"event\":\"signup\",\"distinctId\":\"").append(user).append("\"},");
                round.append("{\"event\":\"login\",\"distinctId\":\"other-").append(user).append("\"},");
            }
            round.setLength(round.length() - 1);
            String batch = round.append("]}").toString();
            // The rule reaches the stream processors by topic: rounds go on until it fired.
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                assertThat(key.post(ingest.url() + "/v1/events", batch).status()).isIn(202, 401);
                return !receiver.received().isEmpty();
            });

            JsonNode alert = new ObjectMapper().readTree(receiver.received().get(0).body());
            assertThat(alert.get("event").asText()).isEqualTo("alert");
            assertThat(alert.get("rule_id").asText()).isEqualTo(created.body().get("id").asText());
            assertThat(alert.get("query").asText()).isEqualTo(condition);
            assertThat(alert.get("threshold").asLong()).isEqualTo(7);
            assertThat(alert.get("count").asLong()).isEqualTo(8);
            assertThat(alert.get("window").asText()).isEqualTo("10m");
        }
    }

    /** The delivery log's attempt of the delivery, or null while it has none. */
    private static JsonNode attemptOf(JsonNode deliveries, String deliveryId) {
        for (JsonNode attempt : deliveries) {
            if (attempt.get("delivery_id").asText().equals(deliveryId)) {
                return attempt;
            }
        }
        return null;
    }

    /** Sends a Logsh notification every second until the receiver has a request: the endpoint travels by topic. */
    private static Set<String> sendNotificationsUntilReceived(Http key, WebhookReceiver receiver) {
        Set<String> sent = new HashSet<>();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            String event = "deploy-" + sent.size();
            sent.add(event);
            assertThat(key.post(ingest.url() + "/api/event", """
                    {"workspace":"Shop","event":"%s","description":"Deployed","icon":"🚀","notify":true,
                     "metadata":{"version":"1.2.3","canary":false}}""".formatted(event)).status()).isEqualTo(200);
            return !receiver.received().isEmpty();
        });
        return sent;
    }

    @Test
    void retriedEventIdIsStoredOnce() {
        String user = "usr_" + UUID.randomUUID();
        String event = "{\"action\":\"purchase\",\"user_id\":\"" + user + "\",\"event_id\":\"retry-" + user + "\"}";
        for (int attempt = 0; attempt < 3; attempt++) {
            assertThat(A.post(ingest.url() + "/ingest", event).status()).isEqualTo(200);
        }
        String marker = "{\"action\":\"after\",\"user_id\":\"" + user + "\"}";
        assertThat(A.post(ingest.url() + "/ingest", marker).status()).isEqualTo(200);

        // The marker was sent last by the same user, so once it is visible the retries are through as well.
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(
                () -> A.get(query.url() + "/events?action=after&user_id=" + user).body().get("count").asInt() == 1);
        assertThat(A.get(query.url() + "/events?user_id=" + user).body().get("count").asInt()).isEqualTo(2);
        assertThat(clickhouse.selectOne("SELECT count() FROM events WHERE event_id = "
                + Sql.quote("retry-" + user))).isEqualTo("1");
    }

    @Test
    void erasingAUserRemovesTheirRowsEverywhereAndTheAnalyticsForgetThem() {
        String user = "usr_" + UUID.randomUUID();
        String other = "usr_" + UUID.randomUUID();
        Instant t0 = CLOCK.instant().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
        String funnel = "gdpr-" + user.substring(4, 12);
        assertThat(A.post(ingest.url() + "/ingest/batch", """
                {"events":[
                  {"action":"open","user_id":"%1$s","funnel":"%3$s","timestamp":"%4$s"},
                  {"action":"view","user_id":"%1$s","funnel":"%3$s","timestamp":"%5$s"},
                  {"action":"purchase","user_id":"%1$s","timestamp":"%6$s","data":{"amount":5}},
                  {"action":"open","user_id":"%2$s","funnel":"%3$s","timestamp":"%4$s"}]}"""
                .formatted(user, other, funnel, t0, t0.plusSeconds(60), t0.plusSeconds(120))).status())
                .isEqualTo(200);
        String sessions = query.url() + "/sessions?from=" + t0.minus(Duration.ofDays(1)) + "&user_id=";
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode found = A.get(sessions + user).body();
            // The page and the count are two reads: a session may arrive between them.
            assertThat(found.get("sessions")).hasSize(1);
            assertThat(found.get("sessions").get(0).get("event_count").asInt()).isEqualTo(3);
            assertThat(rowsOf(user, "purchases")).isEqualTo(1);
            assertThat(rowsOf(user, "funnel_user_levels")).isPositive();
        });

        Http.Reply erased = A.delete(query.url() + "/events?user_id=" + user);

        assertThat(erased.status()).isEqualTo(200);
        assertThat(erased.body().get("deleted").asLong()).isEqualTo(3);
        assertThat(erased.body().get("done").asBoolean()).isTrue();
        for (String table : List.of("events", "funnel_events", "sessions", "sessions_by_start", "funnel_user_levels",
                "user_days", "purchases")) {
            assertThat(rowsOf(user, table)).as(table).isZero();
        }
        assertThat(A.get(sessions + user).body().get("count").asInt()).isZero();
        assertThat(rowsOf(other, "events")).isEqualTo(1);
        assertThat(B.delete(query.url() + "/events?user_id=").status()).isEqualTo(400);

        // Within 30 minutes of the erased events: had the analytics kept them, this would extend their session.
        assertThat(A.post(ingest.url() + "/ingest", "{\"action\":\"back\",\"user_id\":\"" + user
                + "\",\"timestamp\":\"" + t0.plusSeconds(180) + "\"}").status()).isEqualTo(200);
        JsonNode session = Awaitility.await().atMost(Duration.ofSeconds(15)).until(
                () -> A.get(sessions + user).body().get("sessions"), found -> found.size() == 1).get(0);
        assertThat(session.get("event_count").asInt()).isEqualTo(1);
        assertThat(session.get("start").asText()).isEqualTo(t0.plusSeconds(180).toString());
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> rowsOf(user, "user_days") == 1);
    }

    private static long rowsOf(String user, String table) {
        return Long.parseLong(clickhouse.selectOne("SELECT count() FROM " + table
                + " WHERE project_id = 'project-a' AND user_id = " + Sql.quote(user)));
    }

    @Test
    void goodLogsAndLogshEventsAreReadBackLikeEveryOther() {
        String user = "usr_" + UUID.randomUUID();
        assertThat(A.post(ingest.url() + "/v1/events", """
                {"batch":[{"event":"signup","distinctId":"%s","properties":{"plan":"pro","amount":29.99}},
                          {"event":""}]}""".formatted(user)).body().toString())
                .isEqualTo("{\"accepted\":1,\"rejected\":1,\"errors\":[{\"index\":1,\"code\":\"VALIDATION_ERROR\","
                        + "\"message\":\"batch[1].event is required\"}]}");
        assertThat(A.post(ingest.url() + "/api/event", """
                {"workspace":"Logsh","event":"user.upgrade","description":"Upgraded to pro","icon":"🚀",
                 "notify":true,"metadata":{"user_id":"%s","plan":"pro"}}""".formatted(user)).status()).isEqualTo(200);

        JsonNode events = Awaitility.await().atMost(Duration.ofSeconds(15)).until(
                () -> A.get(query.url() + "/events?user_id=" + user).body().get("events"), e -> e.size() == 2);

        JsonNode upgrade = events.get(0).get("source").asText().equals("logsh") ? events.get(0) : events.get(1);
        JsonNode signup = upgrade == events.get(0) ? events.get(1) : events.get(0);
        assertThat(signup.get("source").asText()).isEqualTo("goodlogs");
        assertThat(signup.get("action").asText()).isEqualTo("signup");
        assertThat(signup.get("data").get("amount").toString()).isEqualTo("29.99");
        assertThat(signup.get("data").get("distinct_id").asText()).isEqualTo(user);
        assertThat(signup.get("context").get("ip").asText()).isNotBlank();
        assertThat(upgrade.get("action").asText()).isEqualTo("user.upgrade");
        assertThat(upgrade.get("data").get("$workspace").asText()).isEqualTo("logsh");
        assertThat(upgrade.get("data").get("$notify").asBoolean()).isTrue();
        assertThat(upgrade.get("data").get("$icon").asText()).isEqualTo("🚀");
    }

    @Test
    void logsComeBackThroughQueryApiAndSealedOnesDecryptWithTheClientsSecret() {
        String node = "node-" + UUID.randomUUID();
        LogFluxCrypto.Sealed sealed = LogFluxCrypto.encrypt("Payment failed: card_declined", "e2e-secret");
        Http.Reply sent = A.post(ingest.url() + "/v1/ingest", """
                {"node":"%s","payload":"%s","loglevel":4,"timestamp":"2026-11-01T10:30:45Z","encryption_mode":1,
                 "iv":"%s","salt":"%s"}""".formatted(node, sealed.payload(), sealed.iv(), sealed.salt()));
        assertThat(sent.status()).isEqualTo(200);
        String marker = "plain-" + UUID.randomUUID();
        assertThat(A.post(ingest.url() + "/v1/logs", "{\"batch\":[{\"severity\":\"warn\",\"message\":\""
                + marker + "\",\"properties\":{\"service\":\"billing\"}}]}").status()).isEqualTo(202);

        JsonNode stored = Awaitility.await().atMost(Duration.ofSeconds(15)).until(
                () -> A.get(query.url() + "/v1/logs?node=" + node).body().get("logs"), logs -> logs.size() == 1)
                .get(0);
        assertThat(stored.get("loglevel").asInt()).isEqualTo(4);
        assertThat(stored.get("timestamp").asText()).isEqualTo("2026-11-01T10:30:45Z");
        assertThat(stored.has("message")).isFalse();
        LogFluxCrypto.Sealed back = new LogFluxCrypto.Sealed(stored.get("payload").asText(),
                stored.get("iv").asText(), stored.get("salt").asText());
        assertThat(back).isEqualTo(sealed);
        assertThat(LogFluxCrypto.decrypt(back, "e2e-secret")).isEqualTo("Payment failed: card_declined");

        JsonNode plain = Awaitility.await().atMost(Duration.ofSeconds(15)).until(
                () -> A.get(query.url() + "/v1/logs?loglevel=5&limit=1000").body().get("logs"),
                logs -> logs.findValuesAsText("message").contains(marker));
        JsonNode entry = plain.findParents("message").stream().filter(l -> l.get("message").asText().equals(marker))
                .findFirst().orElseThrow();
        assertThat(entry.get("severity").asText()).isEqualTo("warn");
        assertThat(entry.get("properties").get("service").asText()).isEqualTo("billing");
        assertThat(B.get(query.url() + "/v1/logs?node=" + node).body().get("logs").size()).isZero();
    }

    @Test
    void streamProcessorsKilledMidStreamNeitherLoseNorDoubleAnEvent() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        AtomicInteger accepted = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        List<Future<?>> batches = new ArrayList<>();
        int perBatch = 100;
        for (int b = 0; b < EVENTS_UNDER_CRASH / perBatch; b++) {
            int batch = b;
            batches.add(senders.submit(() -> postBatchUntilAccepted(run, batch, perBatch, accepted)));
        }
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> accepted.get() >= EVENTS_UNDER_CRASH / 3);
        streams.kill();
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> accepted.get() >= EVENTS_UNDER_CRASH * 2 / 3);
        streams.start();
        for (Future<?> f : batches) {
            f.get();
        }
        senders.shutdown();
        assertThat(accepted.get()).isEqualTo(EVENTS_UNDER_CRASH);

        String where = " FROM events WHERE project_id = 'project-a' AND funnel = " + Sql.quote("crash-" + run);
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> Long.parseLong(clickhouse.selectOne("SELECT count()" + where)) >= EVENTS_UNDER_CRASH);
        assertThat(clickhouse.selectOne("SELECT count()" + where)).isEqualTo(Integer.toString(EVENTS_UNDER_CRASH));
        assertThat(clickhouse.selectOne("SELECT uniqExact(event_id)" + where))
                .isEqualTo(Integer.toString(EVENTS_UNDER_CRASH));
        assertThat(idsThroughQueryApi("crash-" + run)).hasSize(EVENTS_UNDER_CRASH);
    }

    /** Posts one batch, retrying on 503 like an SDK would; client event ids make the retries safe. */
    private void postBatchUntilAccepted(String run, int batch, int size, AtomicInteger accepted) {
        String events = IntStream.range(0, size).mapToObj(i -> "{\"action\":\"step" + (i % 5) + "\",\"user_id\":\"u"
                        + ((batch * size + i) % 997) + "\",\"funnel\":\"crash-" + run + "\",\"event_id\":\"" + run
                        + "-" + batch + "-" + i + "\",\"data\":{\"n\":" + i + "}}")
                .collect(Collectors.joining(",", "{\"events\":[", "]}"));
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                .until(() -> A.post(ingest.url() + "/ingest/batch", events).status() == 200);
        accepted.addAndGet(size);
    }

    private Set<String> idsThroughQueryApi(String funnel) {
        Set<String> ids = new HashSet<>();
        String cursor = null;
        do {
            String url = query.url() + "/events?limit=1000&funnel=" + funnel
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode page = A.get(url).body();
            page.get("events").forEach(e -> assertThat(ids.add(e.get("event_id").asText())).isTrue());
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        return ids;
    }
}
