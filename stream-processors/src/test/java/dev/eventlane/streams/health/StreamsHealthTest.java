package dev.eventlane.streams.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.eventlane.platform.kafka.KafkaSettings;
import dev.eventlane.streams.config.StreamsApplication;
import dev.eventlane.testkit.KafkaBroker;

/**
 * The health checks on real Kafka Streams applications: an application that keeps failing ends in ERROR, and then
 * (only then) the liveness check is down so that the orchestrator restarts the process; one that runs is alive and
 * ready.
 */
class StreamsHealthTest {

    private static KafkaBroker kafka;

    @BeforeAll
    static void startBroker() {
        kafka = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.destroy();
    }

    @Test
    void anApplicationThatKeepsFailingEndsInErrorAndTheLivenessCheckGoesDown() throws Exception {
        String in = "health-poison-" + UUID.randomUUID();
        kafka.createTopics(1, in);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(in, Consumed.with(Serdes.String(), Serdes.String())).foreach((key, value) -> {
            throw new IllegalStateException("a record this application cannot get past: " + value);
        });
        StreamsApplication failing = start("Failing", builder.build());
        try {
            await("running").atMost(Duration.ofSeconds(60)).until(failing::isRunning);
            assertThat(liveness(failing).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>(in, "k", "poison")).get(30, TimeUnit.SECONDS);
            }

            // Every replaced thread meets the record again, until the replacer gives up and shuts the client down.
            // The stream threads' exceptions are the point here, not a failure of the test.
            await("the application gives up").dontCatchUncaughtExceptions().atMost(Duration.ofMinutes(3))
                    .until(failing::hasFailed);
            HealthCheckResponse liveness = liveness(failing);
            assertThat(liveness.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(liveness.getData().orElseThrow().get("analytics")).isIn("PENDING_ERROR", "ERROR");
            assertThat(readiness(failing).getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        } finally {
            failing.close();
        }
    }

    @Test
    void aRunningApplicationIsAliveAndReadyAndOneNotStartedIsAliveButNotReady() {
        String in = "health-fine-" + UUID.randomUUID();
        kafka.createTopics(1, in);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(in, Consumed.with(Serdes.String(), Serdes.String())).foreach((key, value) -> { });
        StreamsApplication fine = start("Fine", builder.build());
        try {
            await("running").atMost(Duration.ofSeconds(60)).until(fine::isRunning);
            assertThat(liveness(fine).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            assertThat(readiness(fine).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        } finally {
            fine.close();
        }
        Map<String, Optional<StreamsApplication>> notStarted = Map.of("analytics", Optional.empty());
        assertThat(WatchedApplications.respond(StreamsLivenessCheck.NAME, notStarted, StreamsLivenessCheck.DEAD)
                .getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(WatchedApplications.respond(AnalyticsHealthCheck.NAME, notStarted, AnalyticsHealthCheck.NOT_READY)
                .getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    }

    private static HealthCheckResponse liveness(StreamsApplication application) {
        return WatchedApplications.respond(StreamsLivenessCheck.NAME, Map.of("analytics", Optional.of(application)),
                StreamsLivenessCheck.DEAD);
    }

    private static HealthCheckResponse readiness(StreamsApplication application) {
        return WatchedApplications.respond(AnalyticsHealthCheck.NAME, Map.of("analytics", Optional.of(application)),
                AnalyticsHealthCheck.NOT_READY);
    }

    private static StreamsApplication start(String name, Topology topology) {
        Config config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                "kafka-streams.state.dir", kafka.workDir().resolve("streams-state-" + name).toString(),
                "kafka-streams.consumer.auto.offset.reset", "earliest",
                // A dead thread's member leaves the group only when its session times out; the broker's minimum
                // instead of 45 s lets the replacements run out within a minute or two.
                "kafka-streams.consumer.session.timeout.ms", "6000",
                "kafka-streams.consumer.heartbeat.interval.ms", "1000"), "test", 100)).build();
        return StreamsApplication.start(name, "health-" + name + "-" + UUID.randomUUID(), Duration.ofMillis(100),
                topology, KafkaSettings.of(Map.of("bootstrap.servers", kafka.bootstrapServers())), config,
                new SimpleMeterRegistry());
    }
}
