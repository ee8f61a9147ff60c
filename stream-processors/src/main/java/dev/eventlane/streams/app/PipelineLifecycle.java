package dev.eventlane.streams.app;

import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.apache.kafka.streams.KafkaStreams;

import dev.eventlane.streams.config.TopicsInitializer;
import dev.eventlane.streams.sink.SinkService;

/**
 * Starts the parts of stream-processors in one declared order, and stops them in reverse:
 * <ol>
 * <li><b>topics</b>: every other part reads or writes them, and a fresh broker has none;
 * <li><b>sinks</b>: ClickHouse's tables are migrated, then a sink per table copies what the stages commit;
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

    public PipelineLifecycle(TopicsInitializer topics, SinkService sinks, KafkaStreams dedup,
            AnalyticsApplication analytics, AlertsApplication alerts) {
        this.topics = topics;
        this.sinks = sinks;
        this.dedup = dedup;
        this.analytics = analytics;
        this.alerts = alerts;
    }

    void start(@Observes @Priority(BEFORE_THE_EXTENSION) StartupEvent startup) throws InterruptedException {
        topics.createTopics();
        sinks.start();
        analytics.start();
        alerts.start();
    }

    /** De-duplication is closed here, in its place; the extension's own close later finds it closed. */
    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        alerts.stop();
        analytics.stop();
        dedup.close(CLOSE_TIMEOUT);
        sinks.stop();
    }
}
