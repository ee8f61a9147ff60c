package dev.eventlane.streams.sink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Deserializer;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.ClickHouseMigrations;
import dev.eventlane.platform.clickhouse.ClickHouseSink;
import dev.eventlane.platform.clickhouse.EventRows;
import dev.eventlane.platform.clickhouse.LogRows;
import dev.eventlane.platform.clickhouse.RowFormat;
import dev.eventlane.platform.clickhouse.SinkConsumers;
import dev.eventlane.platform.clickhouse.WebEventRows;
import dev.eventlane.platform.clickhouse.WebSessionRows;
import dev.eventlane.platform.kafka.KafkaSettings;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.pipeline.Sink;
import dev.eventlane.schemas.pipeline.Sinks;
import dev.eventlane.schemas.pipeline.Tables;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.streams.config.SinkConfig;

/**
 * Runs one exactly-once ClickHouse sink per table, each with its own consumer group and thread: raw unique events
 * into {@code events} and those of the web tracker into {@code web_events}, the analytics stage's topics into their
 * tables (web sessions into {@code web_sessions}), unique log entries into {@code logs}, the webhook dispatcher's
 * attempts into {@code webhook_attempts} (the delivery log), the alerts that fired into {@code alert_events} and
 * schema discovery's totals into {@code schema_fields}. What a sink cannot store goes to the topic
 * {@value Topics#DEAD_LETTERS}.
 */
@ApplicationScoped
public class SinkService {

    private final KafkaSettings kafka;
    private final SinkConfig config;
    private final ClickHouseClient clickhouse;
    private final MeterRegistry registry;
    private final List<Running> running = new ArrayList<>();
    private KafkaDeadLetters deadLetters;

    public SinkService(KafkaSettings kafka, SinkConfig config,
            ClickHouseClient clickhouse, MeterRegistry registry) {
        this.kafka = kafka;
        this.config = config;
        this.clickhouse = clickhouse;
        this.registry = registry;
    }

    /** Applies ClickHouse's migrations, then starts every sink. */
    public void start() {
        ClickHouseMigrations.apply(clickhouse);
        deadLetters = new KafkaDeadLetters(kafka, Topics.DEAD_LETTERS);
        start(Sinks.reading(Topics.EVENTS_UNIQUE), EventlaneSerdes.event(), new EventRows());
        start(Sinks.filling(Tables.WEB_EVENTS).orElseThrow(), EventlaneSerdes.event(), new WebEventRows());
        start(Sinks.reading(Topics.SESSIONS), EventlaneSerdes.session(), DerivedRows.SESSIONS);
        start(Sinks.reading(Topics.FUNNEL_STEPS), EventlaneSerdes.funnelStep(), DerivedRows.FUNNEL_STEPS);
        start(Sinks.reading(Topics.FUNNEL_LEVELS), EventlaneSerdes.funnelUserLevel(), DerivedRows.FUNNEL_LEVELS);
        start(Sinks.reading(Topics.USER_DAYS), EventlaneSerdes.userDay(), DerivedRows.USER_DAYS);
        start(Sinks.reading(Topics.PURCHASES), EventlaneSerdes.purchase(), DerivedRows.PURCHASES);
        start(Sinks.reading(Topics.WEB_SESSIONS), EventlaneSerdes.webSession(), new WebSessionRows());
        start(Sinks.reading(Topics.LOGS_UNIQUE), EventlaneSerdes.logEntry(), new LogRows());
        start(Sinks.reading(Topics.WEBHOOK_ATTEMPTS), EventlaneSerdes.webhookAttempt(), DerivedRows.WEBHOOK_ATTEMPTS);
        start(Sinks.reading(Topics.ALERTS), EventlaneSerdes.alert(), DerivedRows.ALERT_EVENTS);
        start(Sinks.reading(Topics.SCHEMA_FIELDS), EventlaneSerdes.schemaField(), DerivedRows.SCHEMA_FIELDS);
    }

    /** Starts one of the catalogue's sinks ({@link Sinks}: its topic, table and consumer group). */
    private <V> void start(Sink sink, Deserializer<V> values, RowFormat<V> format) {
        String topic = sink.topic();
        String table = sink.table();
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, sink.group());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "clickhouse-sink-" + table);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Only what the exactly-once stages committed.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        // After a crash the partitions wait for the dead member's session to expire: keep that short.
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        // A commit blocks the loop this long while the broker is away (then it is retried): 60 s by default, which
        // delayed the first batch after the broker was back by up to a minute.
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        Map<String, Object> settings = kafka.with(props);
        SinkMetrics metrics = new SinkMetrics(registry, table);
        ClickHouseSink<V> copier = new ClickHouseSink<>(SinkConsumers.of(settings), values, clickhouse, topic, table,
                format, config.batchRows(), config.maxDelay(), metrics, deadLetters);
        Thread thread = new Thread(copier, "clickhouse-sink-" + table);
        thread.start();
        running.add(new Running(table, copier, thread, metrics));
    }

    /** Stops every sink and waits for their threads, 30 s at most over all. */
    public void stop() throws InterruptedException {
        running.forEach(r -> r.sink.stop());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (Running r : running) {
            r.thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        if (deadLetters != null) {
            deadLetters.close();
        }
    }

    /** Tables whose sink thread has died; empty when all run. */
    public List<String> stopped() {
        return running.stream().filter(r -> !r.thread.isAlive()).map(Running::table).toList();
    }

    /** Tables whose sink loop has not shown it is alive for longer than the stall timeout. */
    public List<String> stalled() {
        long limit = config.stallTimeout().toMillis();
        return running.stream().filter(r -> r.sink.millisSinceBeat() > limit).map(Running::table).toList();
    }

    /** Per table whose sink is starting again after a failure: why. */
    public Map<String, String> problems() {
        Map<String, String> problems = new java.util.TreeMap<>();
        running.forEach(r -> {
            String problem = r.sink.problem();
            if (problem != null) {
                problems.put(r.table, problem);
            }
        });
        return problems;
    }

    public boolean isRunning() {
        return !running.isEmpty() && stopped().isEmpty();
    }

    /** Records not yet in ClickHouse, over all sinks. */
    public long lag() {
        return running.stream().mapToLong(r -> r.metrics.currentLag()).sum();
    }

    private record Running(String table, ClickHouseSink<?> sink, Thread thread, SinkMetrics metrics) {
    }
}
