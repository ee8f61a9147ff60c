package dev.eventlane.e2e;

import static dev.eventlane.e2e.Pipeline.INGEST;
import static dev.eventlane.e2e.Pipeline.STREAMS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.Sql;
import dev.eventlane.testkit.Stack;

/**
 * The outage the sinks did not survive: the broker killed (-9) for longer than the Kafka clients' default timeouts
 * (60 s), under a trickle of events with client ids, then restarted on the same port. Every event ingest answered 2xx,
 * before, during or after, is in ClickHouse exactly once, without restarting stream-processors, which stays alive.
 */
class BrokerOutageEndToEndTest {

    private static final String KEY = "ll_e2eOutage0000000000000000000000000000000000000000";
    /** Longer than default.api.timeout.ms (60 s), which a commit waited before it killed the sink. */
    private static final Duration OUTAGE = Duration.ofSeconds(75);

    private static Pipeline pipeline;
    private static Service ingest;
    private static Service streams;
    private static ClickHouseClient clickhouse;
    private static final Http CLIENT = new Http(KEY);

    @BeforeAll
    static void startPipeline() {
        pipeline = Pipeline.logsIn("outage").topics("events", "events-unique").keys(KEY + "=project-outage")
                .start(STREAMS, INGEST);
        ingest = pipeline.ingest();
        streams = pipeline.streams();
        clickhouse = pipeline.clickHouse();
    }

    @AfterAll
    static void stopPipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void everyEventAcceptedAroundABrokerOutageLongerThanTheClientTimeoutsIsStoredOnce() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger ackedAfterRestart = new AtomicInteger();
        Stack stack = Stack.get();
        Thread sender = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                String id = "outage-" + run + "-" + sent.getAndIncrement();
                String event = "{\"action\":\"tick\",\"user_id\":\"u" + (sent.get() % 20) + "\",\"event_id\":\""
                        + id + "\"}";
                try {
                    if (CLIENT.post(ingest.url() + "/ingest", event).status() == 200) {
                        acked.add(id);
                        if (stack.kafka().isRunning()) {
                            ackedAfterRestart.incrementAndGet();
                        }
                    }
                } catch (RuntimeException e) {
                    // no answer: not acknowledged
                }
            }
        }, "outage-sender");
        sender.start();
        long restartedAt;
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> acked.size() >= 50);
            stack.kafka().kill();
            long killedAt = System.nanoTime();
            ackedAfterRestart.set(0);
            // Down for the whole outage: the wait ends when it is over, not before.
            Awaitility.await().pollDelay(OUTAGE).atMost(OUTAGE.plusSeconds(5))
                    .until(() -> !stack.kafka().isRunning());
            stack.kafka().restart();
            restartedAt = System.nanoTime();
            System.out.printf("BrokerOutageEndToEndTest: broker down %d ms%n", (restartedAt - killedAt) / 1_000_000);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> ackedAfterRestart.get() >= 50);
        } finally {
            sender.interrupt();
            sender.join(30_000);
        }

        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> stored(run) >= acked.size() && missing(run, acked) == 0);
        System.out.printf("BrokerOutageEndToEndTest: %d events sent, %d acknowledged, all in ClickHouse %d ms after"
                + " the broker was back%n", sent.get(), acked.size(), (System.nanoTime() - restartedAt) / 1_000_000);
        assertThat(clickhouse.selectOne("SELECT count() - uniqExact(event_id) FROM events WHERE event_id LIKE "
                + Sql.quote("outage-" + run + "-%"))).as("no event stored twice").isEqualTo("0");
        assertThat(streams.health("live")).as("stream-processors alive").isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> streams.health("ready") == 200);
    }

    private static long stored(String run) {
        return Long.parseLong(clickhouse.selectOne("SELECT uniqExact(event_id) FROM events WHERE event_id LIKE "
                + Sql.quote("outage-" + run + "-%")));
    }

    /** How many acknowledged events ClickHouse does not hold. */
    private static long missing(String run, Set<String> acked) {
        Set<String> stored = ConcurrentHashMap.newKeySet();
        clickhouse.select("SELECT DISTINCT event_id FROM events WHERE event_id LIKE " + Sql.quote("outage-" + run
                + "-%")).forEach(row -> stored.add(row[0]));
        return acked.stream().filter(id -> !stored.contains(id)).count();
    }
}
