package dev.eventlane.e2e;

import static dev.eventlane.e2e.Pipeline.INGEST;
import static dev.eventlane.e2e.Pipeline.QUERY;
import static dev.eventlane.e2e.Pipeline.STREAMS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.eventlane.e2e.HostileCorpus.Hostile;
import dev.eventlane.e2e.HostileCorpus.Surface;
import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.Sql;
import dev.eventlane.platform.time.ShiftedClock;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.testkit.Stack;

/**
 * Hundreds of hostile events into project A, over every ingest surface, while project B sends normal traffic. B's
 * reads must stay fresh throughout, every A event must be refused with a 4xx or end up stored in ClickHouse (or on
 * the dead-letter topic), no answer may be a 5xx, and stream-processors must go back to idle once it is through.
 */
class AdversarialCorpusEndToEndTest {

    static final String KEY_A = "ll_e2eCorpusA00000000000000000000000000000000000000";
    static final String KEY_B = "ll_e2eCorpusB00000000000000000000000000000000000000";
    static final String PROJECT_A = "corpus-a";
    static final String PROJECT_B = "corpus-b";
    /** B's events must be readable this soon after ingest accepted them, on every endpoint, whatever A sends. */
    static final Duration FRESHNESS_BOUND = Duration.ofSeconds(15);
    /** Once through, stream-processors may use at most this share of one core over a 10 s window. */
    static final double IDLE_CORES = 0.20;
    static final Duration IDLE_WINDOW = Duration.ofSeconds(10);

    private static Pipeline pipeline;
    private static Service ingest;
    private static Service streams;
    private static Service query;
    private static ClickHouseClient clickhouse;
    private static final Http A = new Http(KEY_A);
    private static final Http B = new Http(KEY_B);

    /** What ingest answered to one hostile request: the markers of the events it took, and how many it refused. */
    record Answer(Hostile request, int status, JsonNode body, List<String> accepted, int refused) {
    }

    /** Per category: events sent, refused, stored, dead-lettered only, lost, and events answered with a 5xx. */
    static final class Tally {
        int requests;
        int events;
        int refused;
        int stored;
        int deadLettered;
        int lost;
        int serverErrors;
    }

    @BeforeAll
    static void startPipeline() {
        // stream-processors creates its topics (the logs topic with its 2 MB records); it starts first.
        pipeline = Pipeline.logsIn("corpus").keys(KEY_A + "=" + PROJECT_A + "," + KEY_B + "=" + PROJECT_B)
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
    void hostileEventsOfOneProjectNeitherStallAnotherNorGetLost() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Answer> answers;
        Map<String, Tally> tallies;
        Set<String> lost;
        boolean bCaughtUp;
        long sending;
        Instant now = ShiftedClock.fromSystemProperty().instant();
        try (TenantFreshness b = new TenantFreshness(B, ingest.url(), query.url(), run, now)) {
            b.start();
            assertThat(within(Duration.ofSeconds(90), Duration.ofMillis(250),
                    () -> b.visibleEverywhere() >= 3)).as("B's first events readable: %s", b.status())
                    .isTrue();

            List<Hostile> corpus = HostileCorpus.generate(run, now,
                    IntStream.range(20, 30).mapToObj(b::eventId).toList());
            sending = System.nanoTime();
            answers = new ArrayList<>();
            for (Hostile request : corpus) {
                long started = System.nanoTime();
                answers.add(send(request));
                long took = (System.nanoTime() - started) / 1_000_000;
                if (took > 500) {
                    System.out.printf("corpus e2e: slow answer at %d ms, %d ms: %s %s%n", (started - sending)
                            / 1_000_000, took, request.category(), request.surface().path);
                }
            }
            System.out.printf("corpus e2e: %d requests, %d events sent in %d ms%n", corpus.size(),
                    corpus.stream().mapToInt(Hostile::events).sum(), (System.nanoTime() - sending) / 1_000_000);

            Set<String> accepted = new HashSet<>();
            answers.forEach(a -> accepted.addAll(a.accepted()));
            within(Duration.ofMinutes(2), Duration.ofSeconds(2), () -> unaccounted(accepted).isEmpty());
            // B keeps sending a little longer, so its freshness is measured after the corpus as well.
            int sentByB = b.accepted();
            within(Duration.ofSeconds(10), Duration.ofMillis(200), () -> b.accepted() >= sentByB + 10);
            b.stopSending();
            bCaughtUp = within(FRESHNESS_BOUND, Duration.ofMillis(200), b::allVisible);

            lost = unaccounted(accepted);
            Set<String> deadLettered = deadLetteredOnly(accepted);
            tallies = tally(answers, lost, deadLettered);
            report(tallies, b);
            System.out.println("corpus e2e: B " + b.status());
            System.out.println("corpus e2e: B's slowest event per endpoint, from the corpus' start: "
                    + b.worst(sending));
            assertThat(b.sendFailures()).as("B's events refused by ingest: %s", b.lastFailure()).isZero();
            assertThat(b.readFailures().values()).as("B's failed reads: %s", b.lastFailure())
                    .allMatch(n -> n == 0);
            assertThat(bCaughtUp).as("every event of B readable on every endpoint within %s of the last",
                    FRESHNESS_BOUND).isTrue();
            assertThat(b.maxFreshnessMs().values()).as("B's freshness (ms) on each endpoint")
                    .allMatch(ms -> ms >= 0 && ms < FRESHNESS_BOUND.toMillis());
        }

        assertThat(answers.stream().filter(a -> a.status() >= 500 || a.status() < 200
                || (a.status() >= 300 && a.status() < 400)).map(AdversarialCorpusEndToEndTest::describe))
                .as("answers other than 2xx and 4xx").isEmpty();
        assertThat(lost).as("A's events answered 2xx but neither in ClickHouse nor dead-lettered").isEmpty();
        assertThat(tallies.values().stream().mapToInt(t -> t.events).sum()).isGreaterThanOrEqualTo(200);
        collidingUsersStayDistinct(answers);
        for (Service service : new Service[] {ingest, streams, query}) {
            assertThat(B.get(service.url() + "/q/health/ready").status()).as("readiness after the corpus")
                    .isEqualTo(200);
        }
        streamProcessorsGoIdle();
    }

    /** Users that differ only in case or Unicode normalisation are different users, in storage and in /dau. */
    /**
     * A record no stage can decode, written past ingest straight onto the events topic, reaches the dead-letter
     * topic through the packaged service's exception handlers (whose publisher is a bean looked up by class).
     */
    @Test
    void anUndecodableRecordOnTheEventsTopicIsDeadLetteredByTheRunningService() throws Exception {
        String marker = "undecodable-" + UUID.randomUUID();
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Stack.get().kafka().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topics.EVENTS, "garbage-project|u1",
                    ("\u0000 not avro " + marker).getBytes(StandardCharsets.UTF_8))).get();
        }
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() ->
                DeadLetterReader.values(Stack.get().kafka().bootstrapServers()).stream()
                        .anyMatch(value -> DeadLetterReader.contains(value, needle)));
    }

    private static void collidingUsersStayDistinct(List<Answer> answers) {
        Answer batch = answers.stream().filter(a -> a.request().category().equals("colliding user ids")
                && a.request().surface() == Surface.LOGLOGIC_BATCH).findFirst().orElseThrow();
        assertThat(batch.status()).isEqualTo(200);
        int users = HostileCorpus.COLLIDING_USERS.size();
        String ids = batch.accepted().stream().map(Sql::quote).reduce((x, y) -> x + "," + y).orElseThrow();
        assertThat(clickhouse.selectOne("SELECT uniqExact(user_id) FROM events WHERE project_id = "
                + Sql.quote(PROJECT_A) + " AND event_id IN (" + ids + ")")).isEqualTo(Integer.toString(users));
        String dau = query.url() + "/dau?from=" + HostileCorpus.COLLISION_DAY + "&to="
                + HostileCorpus.COLLISION_DAY.plusDays(1);
        Awaitility.await("A's /dau counts each colliding user").atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(A.get(dau).body().get("days").get(0).get("users").asInt())
                        .isEqualTo(users));
    }

    /** stream-processors' CPU over a window once the corpus is through: back to idle within a minute. */
    private static void streamProcessorsGoIdle() {
        ProcessCpu cpu = new ProcessCpu(streams.pid());
        List<String> windows = new CopyOnWriteArrayList<>();
        boolean idle = within(Duration.ofSeconds(65), IDLE_WINDOW, () -> {
            double cores = cpu.coresSinceLast();
            windows.add("%.1f%%".formatted(cores * 100));
            return cores < IDLE_CORES;
        });
        System.out.printf("corpus e2e: stream-processors' CPU, share of a core per %d s window: %s%n",
                IDLE_WINDOW.toSeconds(), windows);
        assertThat(idle).as("stream-processors idle (< %.0f%% of a core over %s); windows %s", IDLE_CORES * 100,
                IDLE_WINDOW, windows).isTrue();
    }

    private static Answer send(Hostile request) {
        Http.Reply reply = A.post(ingest.url() + request.surface().path, request.body());
        int status = reply.status();
        if (status >= 400 && status < 500) {
            return new Answer(request, status, reply.body(), List.of(), request.events());
        }
        if (status < 200 || status >= 300) {
            return new Answer(request, status, reply.body(), List.of(), 0);
        }
        JsonNode body = reply.body();
        List<String> accepted = new ArrayList<>();
        int refused = 0;
        switch (request.surface()) {
            case LOGLOGIC -> accepted.add(body.get("event_id").asText());
            case LOGLOGIC_BATCH -> body.get("event_ids").forEach(id -> accepted.add(id.asText()));
            case LOGSH -> accepted.add(body.get("id").asText());
            case GOODLOGS_EVENTS, GOODLOGS_LOGS -> {
                Set<Integer> rejected = new HashSet<>();
                if (body.has("errors")) {
                    body.get("errors").forEach(e -> rejected.add(e.get("index").asInt()));
                }
                for (int i = 0; i < request.markers().size(); i++) {
                    if (!rejected.contains(i)) {
                        accepted.add(request.markers().get(i));
                    }
                }
                refused = rejected.size();
            }
            case LOGFLUX, LOGFLUX_BATCH -> accepted.addAll(request.markers());
        }
        return new Answer(request, status, body, accepted, refused);
    }

    /** The accepted markers found neither in ClickHouse nor on the dead-letter topic. */
    private static Set<String> unaccounted(Set<String> accepted) {
        Set<String> missing = new HashSet<>(accepted);
        missing.removeAll(stored(accepted));
        missing.removeAll(deadLettered(missing));
        return missing;
    }

    /** The accepted markers on the dead-letter topic and not in ClickHouse. */
    private static Set<String> deadLetteredOnly(Set<String> accepted) {
        Set<String> notStored = new HashSet<>(accepted);
        notStored.removeAll(stored(accepted));
        return deadLettered(notStored);
    }

    /** Markers of A's events that ClickHouse holds: event ids, GoodLogs' corpus_id property, LogFlux nodes. */
    private static Set<String> stored(Set<String> accepted) {
        String project = Sql.quote(PROJECT_A);
        String corpusId = "extract(%s, '\"corpus_id\":\"(zc[0-9a-z]+)\"')";
        Set<String> found = new HashSet<>();
        clickhouse.select("SELECT event_id, " + corpusId.formatted("data") + " FROM events WHERE project_id = "
                + project).forEach(row -> {
                    found.add(row[0]);
                    found.add(row[1]);
                });
        List<String> nodes = new ArrayList<>();
        clickhouse.select("SELECT node, " + corpusId.formatted("properties") + " FROM logs WHERE project_id = "
                + project).forEach(row -> {
                    nodes.add(row[0]);
                    found.add(row[1]);
                });
        Set<String> present = new HashSet<>();
        for (String marker : accepted) {
            if (found.contains(marker) || nodes.stream().anyMatch(n -> n.contains(marker))) {
                present.add(marker);
            }
        }
        return present;
    }

    private static Set<String> deadLettered(Set<String> markers) {
        if (markers.isEmpty()) {
            return Set.of();
        }
        List<byte[]> values = DeadLetterReader.values(Stack.get().kafka().bootstrapServers());
        Set<String> found = new HashSet<>();
        for (String marker : markers) {
            byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
            if (values.stream().anyMatch(v -> DeadLetterReader.contains(v, needle))) {
                found.add(marker);
            }
        }
        return found;
    }

    private static Map<String, Tally> tally(List<Answer> answers, Set<String> lost, Set<String> deadLettered) {
        Map<String, Tally> tallies = new LinkedHashMap<>();
        for (Answer a : answers) {
            Tally t = tallies.computeIfAbsent(a.request().category(), c -> new Tally());
            t.requests++;
            t.events += a.request().events();
            t.refused += a.refused();
            if (a.status() >= 500) {
                t.serverErrors += a.request().events();
            }
            for (String marker : new HashSet<>(a.accepted())) {
                if (lost.contains(marker)) {
                    t.lost++;
                } else if (deadLettered.contains(marker)) {
                    t.deadLettered++;
                } else {
                    t.stored++;
                }
            }
        }
        return tallies;
    }

    private static void report(Map<String, Tally> tallies, TenantFreshness b) {
        System.out.println("corpus e2e: | category | requests | events | refused (4xx) | stored | dead-lettered | "
                + "lost | 5xx |");
        Tally total = new Tally();
        tallies.forEach((category, t) -> {
            System.out.printf("corpus e2e: | %s | %d | %d | %d | %d | %d | %d | %d |%n", category, t.requests,
                    t.events, t.refused, t.stored, t.deadLettered, t.lost, t.serverErrors);
            total.requests += t.requests;
            total.events += t.events;
            total.refused += t.refused;
            total.stored += t.stored;
            total.deadLettered += t.deadLettered;
            total.lost += t.lost;
            total.serverErrors += t.serverErrors;
        });
        System.out.printf("corpus e2e: | total | %d | %d | %d | %d | %d | %d | %d |%n", total.requests,
                total.events, total.refused, total.stored, total.deadLettered, total.lost, total.serverErrors);
        System.out.printf("corpus e2e: B sent %d events; freshness max (ms) %s, median (ms) %s%n", b.accepted(),
                b.maxFreshnessMs(), b.medianFreshnessMs());
    }

    private static String describe(Answer a) {
        String body = new String(a.request().body(), 0, Math.min(160, a.request().body().length),
                StandardCharsets.UTF_8);
        return a.request().category() + " " + a.request().surface().path + " " + body + " -> " + a.status() + " "
                + a.body();
    }

    /** Whether the condition holds within the time; the caller asserts, after reporting what it measured. */
    private static boolean within(Duration atMost, Duration poll, Callable<Boolean> condition) {
        try {
            Awaitility.await().atMost(atMost).pollDelay(poll).pollInterval(poll).until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }
}
