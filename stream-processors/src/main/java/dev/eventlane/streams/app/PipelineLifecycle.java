package dev.eventlane.streams.app;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.kafka.KafkaSettings;
import dev.eventlane.streams.config.TopicsInitializer;
import dev.eventlane.streams.dedup.LogsDedupSeed;
import dev.eventlane.streams.sink.SinkService;

/**
 * Starts the parts of stream-processors in one declared order, and stops them in reverse:
 * <ol>
 * <li><b>topics</b>: every other part reads or writes them, and a fresh broker has none;
 * <li><b>sinks</b>: ClickHouse's tables are migrated, then a sink per table copies what the stages commit;
 * <li><b>log de-duplication's first offsets</b> ({@link LogsDedupSeed}), on a stack whose logs sink copied the logs
 *     topic itself, while de-duplication's group has no member yet;
 * <li><b>de-duplication</b> ({@link DedupApplication}): Quarkus's Kafka Streams extension runs it and starts it on a
 *     thread of its own once its topics exist (this observer runs before the extension's, so they soon do);
 * <li><b>analytics</b> ({@link AnalyticsApplication}): reads de-duplication's output;
 * <li><b>alerting and webhooks</b> ({@link AlertsApplication}): reads the analytics stage's output.
 * </ol>
 * Every stage resumes from its own committed offsets, so the start order is not needed for correctness beyond the
 * first two; it is upstream first so that the reverse, on shutdown, stops the webhook sender before anything else
 * and every stage before the stages it reads from, and the sinks after every stage that writes what they copy.
 */
@ApplicationScoped
public class PipelineLifecycle {

    /** Before the Kafka Streams extension's own startup observer, which has the default priority. */
    private static final int BEFORE_THE_EXTENSION = 1;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final TopicsInitializer topics;
    private final SinkService sinks;
    private final KafkaStreams dedup;
    private final AnalyticsApplication analytics;
    private final AlertsApplication alerts;
    private final KafkaSettings kafka;
    private final ClickHouseClient clickhouse;

    public PipelineLifecycle(TopicsInitializer topics, SinkService sinks, KafkaStreams dedup,
            AnalyticsApplication analytics, AlertsApplication alerts, KafkaSettings kafka,
            ClickHouseClient clickhouse) {
        this.topics = topics;
        this.sinks = sinks;
        this.kafka = kafka;
        this.clickhouse = clickhouse;
        this.dedup = dedup;
        this.analytics = analytics;
        this.alerts = alerts;
    }

    void start(@Observes @Priority(BEFORE_THE_EXTENSION) StartupEvent startup) throws InterruptedException {
        topics.createTopics();
        sinks.start();
        seedLogsDedup();
        analytics.start();
        alerts.start();
    }

    private void seedLogsDedup() throws InterruptedException {
        try (Admin admin = Admin.create(kafka.with(Map.of()))) {
            LogsDedupSeed.seed(admin, clickhouse);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read the offsets of the consumer groups on the logs topic", e);
        }
    }

    /** De-duplication is closed here, in its place; the extension's own close later finds it closed. */
    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        alerts.stop();
        analytics.stop();
        dedup.close(CLOSE_TIMEOUT);
        sinks.stop();
    }
}
