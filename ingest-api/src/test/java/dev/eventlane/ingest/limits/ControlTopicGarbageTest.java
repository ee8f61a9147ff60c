package dev.eventlane.ingest.limits;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.eventlane.ingest.IssuedKeys;
import dev.eventlane.platform.auth.Scopes;
import dev.eventlane.platform.time.ShiftedClock;
import dev.eventlane.schemas.KeyType;
import dev.eventlane.schemas.UsageCount;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.testkit.Stack;
import dev.eventlane.testkit.StackResource;

/**
 * Records that are not what the control topics hold (anyone who can write to them, an old writer, a bug) are skipped
 * and counted by ingest's pollers, which go on reading: a key issued and usage reported after the garbage still
 * take effect, and the pollers stay ready and alive.
 */
@QuarkusTest
@QuarkusTestResource(StackResource.class)
class ControlTopicGarbageTest {

    private static final String EVENT = "{\"action\":\"app_open\",\"user_id\":\"u1\"}";
    private static final byte[] GARBAGE = "\u0000\u0001 not avro {".getBytes(StandardCharsets.UTF_8);

    @Test
    void garbageOnTheKeyAndUsageTopicsIsSkippedCountedAndReadingGoesOn() throws Exception {
        Stack.get().kafka().createTopics(3, "events");
        Stack.get().kafka().createTopics(1, Topics.API_KEYS, Topics.USAGE);
        long skippedKeys = skipped(Topics.API_KEYS);
        long skippedUsage = skipped(Topics.USAGE);
        String project = "project-" + UUID.randomUUID();
        LocalDate today = LocalDate.now(ShiftedClock.fromSystemProperty());
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(producerProps(), new StringSerializer(),
                new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topics.API_KEYS, "garbage-" + UUID.randomUUID(), GARBAGE)).get();
            raw.send(new ProducerRecord<>(Topics.USAGE, RecordKeys.usage(project, today, "garbage"), GARBAGE))
                    .get();
        }

        // Both come after the garbage on their single-partition topics: seen only if the pollers went on.
        String key = IssuedKeys.issue(project, "community", KeyType.SECRET, Scopes.ALL,
                k -> send(k, "{").statusCode() != 401);
        try (KafkaProducer<String, UsageCount> usage = new KafkaProducer<>(producerProps(), new StringSerializer(),
                EventlaneSerdes.usageCount().serializer())) {
            String peer = "peer-" + UUID.randomUUID();
            usage.send(new ProducerRecord<>(Topics.USAGE, RecordKeys.usage(project, today, peer),
                    new UsageCount(project, today, peer, 14_400L, null, null))).get();
        }
        // In the test thread: RestAssured, set up by Quarkus for it, hung in awaitility's own polling thread.
        await().atMost(Duration.ofSeconds(5)).pollInSameThread().untilAsserted(() -> {
            Response refused = send(key, EVENT);
            assertThat(refused.statusCode()).isEqualTo(402);
            assertThat(refused.jsonPath().getString("error")).isEqualTo("quota_exceeded");
        });

        assertThat(skipped(Topics.API_KEYS)).isGreaterThan(skippedKeys);
        assertThat(skipped(Topics.USAGE)).isGreaterThan(skippedUsage);
        Response ready = given().get("/q/health/ready");
        assertThat(ready.jsonPath().getString("checks.find { it.name == 'control-topics' }.status")).isEqualTo("UP");
        Response live = given().get("/q/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.jsonPath().getString("checks.find { it.name == 'control-topic-pollers' }.status"))
                .isEqualTo("UP");
    }

    /** {@code eventlane_control_records_skipped_total} of the topic, from {@code /q/metrics}. */
    private static long skipped(String topic) {
        String metrics = given().get("/q/metrics").asString();
        Matcher matcher = Pattern.compile("eventlane_control_records_skipped_total\\{[^}]*topic=\"" + topic
                + "\"[^}]*} ([0-9.E]+)").matcher(metrics);
        assertThat(matcher.find()).as("the skipped-records counter of %s is exported", topic).isTrue();
        return (long) Double.parseDouble(matcher.group(1));
    }

    private static Map<String, Object> producerProps() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.get().kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
    }

    private static Response send(String key, String body) {
        return given().auth().oauth2(key).contentType(ContentType.JSON).body(body).post("/ingest");
    }
}
