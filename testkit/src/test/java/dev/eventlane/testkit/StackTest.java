package dev.eventlane.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The shared stack is made of real, usable servers, and the broker comes back after a restart. */
class StackTest {

    private final Stack stack = Stack.get();

    @Test
    void kafkaCarriesARecordAndComesBackAfterARestart() {
        String topic = "stacktest-" + UUID.randomUUID();
        stack.kafka().createTopics(3, topic);

        produce(topic, "before-restart");
        assertThat(consume(topic, 1)).containsExactly("before-restart");

        stack.kafka().restart();

        produce(topic, "after-restart");
        assertThat(consume(topic, 2)).containsExactlyInAnyOrder("before-restart", "after-restart");
    }

    @Test
    void kafkaKeepsItsRecordsAcrossACrash() {
        String topic = "stacktest-crash-" + UUID.randomUUID();
        stack.kafka().createTopics(1, topic);
        produce(topic, "before-crash");

        stack.kafka().kill();
        assertThat(stack.kafka().isRunning()).isFalse();
        stack.kafka().restart();

        assertThat(stack.kafka().isRunning()).isTrue();
        assertThat(consume(topic, 1)).containsExactly("before-crash");
    }

    @Test
    void clickHouseAnswersOverHttp() throws Exception {
        HttpRequest select = HttpRequest.newBuilder(URI.create(stack.clickHouse().httpUrl() + "/"))
                .POST(HttpRequest.BodyPublishers.ofString("SELECT 1"))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(select, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().trim()).isEqualTo("1");
        assertThat(stack.clickHouse().execute(
                "SELECT count() FROM system.databases WHERE name = '" + Stack.CLICKHOUSE_DATABASE + "'").trim())
                .isEqualTo("1");
    }

    @Test
    void postgresAnswersOverJdbc() throws Exception {
        try (Connection connection = DriverManager.getConnection(
                stack.postgres().jdbcUrl(), stack.postgres().user(), stack.postgres().password());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT 1")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void configPointsAtTheStack() {
        assertThat(new StackResource().start())
                .containsEntry("kafka.bootstrap.servers", stack.kafka().bootstrapServers())
                .containsEntry("eventlane.clickhouse.url", stack.clickHouse().httpUrl())
                .containsEntry("eventlane.clickhouse.database", "eventlane")
                .containsEntry("quarkus.datasource.jdbc.url", stack.postgres().jdbcUrl())
                .containsKeys("quarkus.datasource.username", "quarkus.datasource.password");
    }

    @Test
    void anotherClassLoaderGetsTheSameServers() throws Exception {
        // Quarkus tests load the testkit in more than one class loader; they must share one stack.
        URL classes = Stack.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader other = new TestkitFirstClassLoader(classes, getClass().getClassLoader())) {
            Class<?> otherStack = other.loadClass(Stack.class.getName());
            assertThat(otherStack).isNotSameAs(Stack.class);

            Object stackThere = otherStack.getMethod("get").invoke(null);
            @SuppressWarnings("unchecked")
            Map<String, String> configThere = (Map<String, String>) otherStack.getMethod("config").invoke(stackThere);

            assertThat(configThere).isEqualTo(stack.config());
        }
    }

    private void produce(String topic, String value) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "key", value)).get();
        } catch (Exception e) {
            throw new AssertionError("cannot produce to " + topic, e);
        }
    }

    private List<String> consume(String topic, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "stacktest-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return values.size() >= expected;
            });
        }
        return values;
    }

    /** Loads the testkit's own classes itself, as a second Quarkus application class loader would. */
    private static final class TestkitFirstClassLoader extends URLClassLoader {

        TestkitFirstClassLoader(URL classes, ClassLoader parent) {
            super(new URL[] {classes}, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (!name.startsWith("dev.eventlane.testkit.")) {
                    return super.loadClass(name, resolve);
                }
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : findClass(name);
            }
        }
    }
}
