package dev.eventlane.streams.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.eventlane.schemas.Alert;
import dev.eventlane.schemas.WebhookAttempt;
import dev.eventlane.schemas.WebhookDelivery;
import dev.eventlane.schemas.WebhookEndpoint;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.streams.shared.GlobalStores;
import dev.eventlane.testkit.Ports;
import dev.eventlane.testkit.Stack;

/**
 * The dispatcher on a real broker, delivering to real HTTP receivers: retries with the same idempotency id and a
 * valid signature until success and nothing after; a dead receiver ends in the dead-letter topic; a slow receiver
 * does not hold a healthy one; a dispatcher stopped mid-retry is resumed by another one, from the changelog alone.
 */
class WebhookDispatchTest {

    private static final String SECRET = "whsec_" + "abcdefghijklmnopqrstuvwxABCDEFGHIJKLMNOPQRSTUVWX";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Stack stack = Stack.get();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private WebhookDispatch.Names names;
    private String endpointsTopic;
    private String applicationId;
    private final String project = UUID.randomUUID().toString();

    @BeforeEach
    void setUp() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        names = new WebhookDispatch.Names("alerts-" + run, "attempts-" + run, "dead-" + run);
        endpointsTopic = "endpoints-" + run;
        applicationId = "dispatch-test-" + run;
        stack.kafka().createTopics(3, names.alerts(), names.attempts(), names.deadLetter());
        stack.kafka().createTopics(1, endpointsTopic);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @Test
    void receiverFailingThreeTimesGetsTheSameSignedDeliveryFourTimesThenNothingMore() throws Exception {
        Receiver receiver = receiver(Receiver.failing(3));
        endpoint("e1", receiver.url(), "churn_spike");
        start(Duration.ofSeconds(30));

        alert("a1", "churn_spike", null, "{\"event\":\"churn_spike\",\"churn_pct\":62.1}");

        List<WebhookAttempt> attempts = attemptsUntil(list -> list.stream().anyMatch(a -> a.getOutcome().equals(
                "delivered")));
        assertThat(attempts).extracting(WebhookAttempt::getOutcome)
                .containsExactly("retrying", "retrying", "retrying", "delivered");
        assertThat(attempts).extracting(WebhookAttempt::getAttempt).containsExactly(1, 2, 3, 4);
        assertThat(attempts).extracting(WebhookAttempt::getStatus).containsExactly(500, 500, 500, 200);
        List<Receiver.Received> got = receiver.received();
        assertThat(got).hasSize(4);
        assertThat(got).extracting(Receiver.Received::id).containsOnly(attempts.get(0).getDeliveryId());
        for (Receiver.Received r : got) {
            assertThat(r.body()).isEqualTo("{\"event\":\"churn_spike\",\"churn_pct\":62.1}");
            assertThat(r.kind()).isEqualTo("churn_spike");
            assertThat(r.signature()).isEqualTo(expectedSignature(r.id(), r.timestamp(), r.body()));
        }
        // Nothing more after the success: the count stays at four while retries would have come several times.
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> receiver.received().size() == 4);
    }

    @Test
    void deadReceiverEndsInTheDeadLetterTopic() throws Exception {
        endpoint("e1", "http://127.0.0.1:" + Ports.free() + "/gone", "alert");
        start(Duration.ofSeconds(2));

        alert("a2", "alert", null, "{\"event\":\"alert\"}");

        WebhookDelivery dead = read(names.deadLetter(), EventlaneSerdes.webhookDelivery().deserializer(), 1).get(0);
        assertThat(dead.getEndpointId()).isEqualTo("e1");
        assertThat(dead.getAlertId()).isEqualTo("a2");
        assertThat(dead.getAttempts()).isGreaterThanOrEqualTo(2);
        assertThat(dead.getLastStatus()).isZero();
        assertThat(dead.getLastError()).isEqualTo("connection refused");
        List<WebhookAttempt> attempts = attemptsUntil(list -> list.stream().anyMatch(a -> a.getOutcome().equals(
                "dead")));
        assertThat(attempts.get(attempts.size() - 1).getAttempt()).isEqualTo(dead.getAttempts());
    }

    @Test
    void slowReceiverDoesNotDelayAHealthyOne() throws Exception {
        Receiver slow = receiver(Receiver.slow());
        Receiver healthy = receiver(Receiver.failing(0));
        endpoint("slow", slow.url(), "notify");
        endpoint("healthy", healthy.url(), "notify");
        start(Duration.ofSeconds(30));

        for (int i = 0; i < 10; i++) {
            alert("n" + i, "notify", null, "{\"event\":\"deploy\",\"n\":" + i + "}");
        }

        Awaitility.await().atMost(WAIT).until(() -> healthy.received().size() == 10);
        assertThat(slow.received()).isEmpty(); // every request to it is still held
        slow.release();
        Awaitility.await().atMost(WAIT).until(() -> slow.received().size() == 10);
    }

    @Test
    void dispatcherStoppedMidRetryIsResumedByAnotherFromTheChangelog() throws Exception {
        Receiver receiver = receiver(Receiver.failing(2));
        endpoint("e1", receiver.url(), "revenue_drop");
        Running first = start(Duration.ofSeconds(30));

        alert("a3", "revenue_drop", "e1", "{\"event\":\"revenue_drop\"}");
        Awaitility.await().atMost(WAIT).until(() -> !receiver.received().isEmpty());
        first.close();
        int seen = receiver.received().size();
        assertThat(seen).isLessThan(3);

        start(Duration.ofSeconds(30));
        Awaitility.await().atMost(WAIT).until(() -> receiver.received().stream().anyMatch(r -> r.answered() == 200));
        assertThat(receiver.received()).extracting(Receiver.Received::id).containsOnly(receiver.received().get(0).id());
        assertThat(receiver.received()).extracting(Receiver.Received::answered).containsExactly(500, 500, 200);
    }

    @Test
    void alertForOneEndpointOrAnotherProjectReachesNoOtherEndpoint() throws Exception {
        Receiver mine = receiver(Receiver.failing(0));
        Receiver other = receiver(Receiver.failing(0));
        endpoint("mine", mine.url(), "churn_spike");
        endpoint("other", other.url(), "churn_spike");
        String stranger = UUID.randomUUID().toString();
        send(endpointsTopic, RecordKeys.owned(stranger, "theirs"), EventlaneSerdes.webhookEndpoint().serializer(),
                new WebhookEndpoint("theirs", stranger, other.url(), List.of("churn_spike"), SECRET, 40.0, 30.0));
        start(Duration.ofSeconds(30));

        alert("only-mine", "churn_spike", "mine", "{\"event\":\"churn_spike\"}");
        send(names.alerts(), stranger, EventlaneSerdes.alert().serializer(), new Alert("theirs-alert", stranger,
                "notify", null, Instant.now(), "{}"));

        Awaitility.await().atMost(WAIT).until(() -> mine.received().size() == 1);
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> other.received().isEmpty());
    }

    /** Standard Webhooks, computed here from the specification rather than with the code under test. */
    private static String expectedSignature(String id, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    private Receiver receiver(Receiver receiver) {
        closing.add(receiver);
        return receiver;
    }

    private void endpoint(String id, String url, String kind) {
        send(endpointsTopic, RecordKeys.owned(project, id), EventlaneSerdes.webhookEndpoint().serializer(),
                new WebhookEndpoint(id, project, url, List.of(kind), SECRET, 40.0, 30.0));
    }

    private void alert(String id, String kind, String endpointId, String payload) {
        send(names.alerts(), project, EventlaneSerdes.alert().serializer(),
                new Alert(id, project, kind, endpointId, Instant.now(), payload));
    }

    private <V> void send(String topic, String key, Serializer<V> values, V value) {
        try (Producer<String, V> producer = new KafkaProducer<>(producerProps(), new StringSerializer(), values)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> producerProps() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
    }

    /** A dispatcher with its own sender and an empty state directory, as on a new machine. */
    private Running start(Duration giveUpAfter) throws IOException {
        Producer<String, WebhookAttempt> attempts = new KafkaProducer<>(producerProps(), new StringSerializer(),
                EventlaneSerdes.webhookAttempt().serializer());
        WebhookSender sender = new WebhookSender(attempts, names.attempts(),
                new Backoff(Duration.ofMillis(300), Duration.ofSeconds(1), giveUpAfter), Duration.ofSeconds(2), true);
        StreamsBuilder builder = new StreamsBuilder();
        WebhookDispatch.addTo(builder, GlobalStores.addEndpointsStore(builder, endpointsTopic), names,
                Duration.ofMillis(50), 4, Duration.ofSeconds(2), sender);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("dispatch-state").toString());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 2000);
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        streams.start();
        Running running = new Running(streams, sender, attempts);
        closing.add(running);
        return running;
    }

    /** A dispatcher and its sender; closed as a stopping process would (no attempt in flight finishes). */
    private static final class Running implements AutoCloseable {
        private final KafkaStreams streams;
        private final WebhookSender sender;
        private final Producer<String, WebhookAttempt> attempts;
        private boolean closed;

        Running(KafkaStreams streams, WebhookSender sender, Producer<String, WebhookAttempt> attempts) {
            this.streams = streams;
            this.sender = sender;
            this.attempts = attempts;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                sender.close();
                streams.close(Duration.ofSeconds(10));
                attempts.close(Duration.ZERO);
            }
        }
    }

    private List<WebhookAttempt> attemptsUntil(Predicate<List<WebhookAttempt>> done) {
        List<WebhookAttempt> seen = new ArrayList<>();
        try (KafkaConsumer<String, WebhookAttempt> consumer = consumer(names.attempts(),
                EventlaneSerdes.webhookAttempt().deserializer())) {
            Awaitility.await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
                return done.test(seen);
            });
        }
        seen.sort(Comparator.comparing(WebhookAttempt::getAttempt));
        return seen;
    }

    private <V> List<V> read(String topic, Deserializer<V> values, int count) {
        List<V> seen = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = consumer(topic, values)) {
            Awaitility.await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
                return seen.size() >= count;
            });
        }
        return seen;
    }

    private <V> KafkaConsumer<String, V> consumer(String topic,
            Deserializer<V> values) {
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), values);
        consumer.assign(consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList());
        return consumer;
    }
}
