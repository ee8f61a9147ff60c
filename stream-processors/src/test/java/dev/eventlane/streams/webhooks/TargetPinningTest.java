package dev.eventlane.streams.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.eventlane.schemas.WebhookAttempt;
import dev.eventlane.schemas.WebhookDelivery;
import dev.eventlane.schemas.WebhookEndpoint;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.testkit.Stack;

/**
 * The sender connects to the address the guard resolved and checked, once, with the URL's host in the Host header:
 * a name that resolves elsewhere on a second lookup (DNS rebinding) cannot move the request. The name used here
 * resolves only through the test's resolver, so a sender that looked it up again could not connect at all.
 */
class TargetPinningTest {

    private static final String HOST = "hooks.rebind.invalid";

    @Test
    void connectsToTheCheckedAddressWithTheUrlsHost() throws Exception {
        List<String> hostHeaders = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            hostHeaders.add(exchange.getRequestHeaders().getFirst("Host"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        AtomicInteger lookups = new AtomicInteger();
        TargetGuard.Resolver rebinding = host -> {
            if (!host.equals(HOST)) {
                throw new UnknownHostException(host);
            }
            // First the checked answer, then an address the request must never go to.
            return new InetAddress[] {lookups.incrementAndGet() == 1 ? InetAddress.getLoopbackAddress()
                    : InetAddress.getByName("192.0.2.1")};
        };
        String topic = "pinning-attempts-" + UUID.randomUUID();
        Stack.get().kafka().createTopics(1, topic);
        int port = server.getAddress().getPort();
        try (Producer<String, WebhookAttempt> attempts = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.get().kafka().bootstrapServers()),
                new StringSerializer(), EventlaneSerdes.webhookAttempt().serializer());
                WebhookSender sender = new WebhookSender(attempts, topic, new Backoff(Duration.ofSeconds(1),
                        Duration.ofSeconds(1), Duration.ofMinutes(1)), Duration.ofSeconds(5),
                        new TargetGuard(true, rebinding))) {
            Instant now = Instant.now();
            sender.send(WebhookDelivery.newBuilder().setDeliveryId("msg_pin").setAlertId("a1").setProjectId("p1")
                    .setEndpointId("e1").setKind("alert").setPayload("{}").setCreatedAt(now).setAttempts(0)
                    .setNextAttemptAt(now).build(), new WebhookEndpoint("e1", "p1", "http://" + HOST + ":" + port
                    + "/hook?x=1", List.of("alert"), "whsec_" + "a".repeat(48), 40.0, 30.0));

            WebhookAttempt attempt = firstAttempt(topic);
            assertThat(attempt.getStatus()).isEqualTo(204);
            assertThat(attempt.getOutcome()).isEqualTo("delivered");
            assertThat(hostHeaders).containsExactly(HOST + ":" + port);
            assertThat(lookups).hasValue(1);
        } finally {
            server.stop(0);
        }
    }

    private static WebhookAttempt firstAttempt(String topic) {
        List<WebhookAttempt> seen = new ArrayList<>();
        try (KafkaConsumer<String, WebhookAttempt> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.get().kafka().bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                EventlaneSerdes.webhookAttempt().deserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> seen.add(record.value()));
                return !seen.isEmpty();
            });
        }
        return seen.get(0);
    }
}
