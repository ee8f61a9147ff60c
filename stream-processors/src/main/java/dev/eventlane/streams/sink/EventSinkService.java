package dev.eventlane.streams.sink;

import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.clickhouse.ClickHouseClient;
import dev.eventlane.schemas.clickhouse.ClickHouseMigrations;
import dev.eventlane.schemas.clickhouse.ClickHouseSink;
import dev.eventlane.schemas.clickhouse.EventRows;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.streams.config.SinkConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/** Runs the sink of unique events into ClickHouse's {@code events} table on its own thread. */
@ApplicationScoped
public class EventSinkService {

    static final String TOPIC = "events-unique";
    static final String TABLE = "events";
    static final String GROUP = "eventlane-clickhouse-sink";

    private final String bootstrap;
    private final SinkConfig config;
    private final ClickHouseClient clickhouse;
    private final SinkMetrics metrics;
    private ClickHouseSink<Event> sink;
    private Thread thread;

    public EventSinkService(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            SinkConfig config, ClickHouseClient clickhouse, MeterRegistry registry) {
        this.bootstrap = bootstrap;
        this.config = config;
        this.clickhouse = clickhouse;
        this.metrics = new SinkMetrics(registry, TABLE);
    }

    void start(@Observes StartupEvent startup) {
        ClickHouseMigrations.apply(clickhouse);
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.CLIENT_ID_CONFIG, "clickhouse-sink-" + TABLE,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // Only what the exactly-once dedup stage committed.
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50,
                // After a crash the partitions wait for the dead member's session to expire: keep that short.
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        KafkaConsumer<String, Event> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                EventlaneSerdes.event().deserializer());
        sink = new ClickHouseSink<>(consumer, clickhouse, TOPIC, TABLE, new EventRows(), config.batchRows(),
                config.maxDelay(), metrics);
        thread = new Thread(sink, "clickhouse-sink-" + TABLE);
        thread.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        if (sink != null) {
            sink.stop();
            thread.join(Duration.ofSeconds(30).toMillis());
        }
    }

    public boolean isRunning() {
        return thread != null && thread.isAlive();
    }

    public long lag() {
        return metrics.currentLag();
    }
}
