package dev.eventlane.streams.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.eventlane.platform.kafka.KafkaSettings;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.Purchase;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.kafka.DeadLetter;
import dev.eventlane.schemas.kafka.DeadLetterTopic;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.schemas.pipeline.Topic;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.streams.analytics.AnalyticsTopology;
import dev.eventlane.testkit.Stack;

/**
 * Records a stage cannot decode or process go to the dead-letter topic with their position and reason, and the stage
 * goes on with the next record: on a real broker, under exactly-once, with the handler the services configure.
 */
class DeadLettersTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Stack stack = Stack.get();
    private final String run = UUID.randomUUID().toString();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @Test
    void undecodableRecordsAreDeadLetteredAndHugeAmountsDoNotStallTheAnalyticsStage() throws Exception {
        stack.kafka().createTopics(3, Topics.ALL.stream().map(Topic::name).toArray(String[]::new));
        String project = run;
        StreamsBuilder builder = new StreamsBuilder();
        new AnalyticsTopology(Duration.ofMillis(100), Duration.ofDays(7), Set.of("purchase")).addTo(builder);
        start(builder, "analytics-dlq-" + run);

        byte[] garbage = ("not avro " + run).getBytes(StandardCharsets.UTF_8);
        send(Topics.EVENTS_UNIQUE, RecordKeys.user(project, "u1"), garbage);
        send(Topics.EVENTS_UNIQUE, RecordKeys.user(project, "u1"), encode(purchase(project, "huge", "1e10000000")));
        send(Topics.EVENTS_UNIQUE, RecordKeys.user(project, "u1"), encode(purchase(project, "fine", "19.99")));

        List<ConsumerRecord<byte[], byte[]>> purchases = new CopyOnWriteArrayList<>();
        List<ConsumerRecord<byte[], byte[]>> letters = new CopyOnWriteArrayList<>();
        try (KafkaConsumer<byte[], byte[]> purchaseReader = reader(Topics.PURCHASES);
                KafkaConsumer<byte[], byte[]> letterReader = reader(Topics.DEAD_LETTERS)) {
            await().atMost(WAIT).untilAsserted(() -> {
                purchaseReader.poll(Duration.ofMillis(200)).forEach(purchases::add);
                letterReader.poll(Duration.ofMillis(200)).forEach(letters::add);
                assertThat(purchasesOf(project, purchases)).extracting(Purchase::getEventId, Purchase::getAmount)
                        .containsExactly(tuple("huge", "0"),
                                tuple("fine", "19.99"));
                assertThat(letters).anySatisfy(letter -> assertThat(letter.value()).isEqualTo(garbage));
            });
        }
        ConsumerRecord<byte[], byte[]> letter = letters.stream()
                .filter(r -> Arrays.equals(r.value(), garbage)).findFirst().orElseThrow();
        assertThat(DeadLetterTopic.header(letter.headers(), DeadLetterTopic.SOURCE_TOPIC))
                .isEqualTo(Topics.EVENTS_UNIQUE);
        assertThat(Long.parseLong(DeadLetterTopic.header(letter.headers(), DeadLetterTopic.SOURCE_OFFSET)))
                .isNotNegative();
        assertThat(DeadLetterTopic.header(letter.headers(), DeadLetterTopic.COMPONENT))
                .isEqualTo("analytics-dlq-" + run + "/deserialization");
        assertThat(DeadLetterTopic.header(letter.headers(), DeadLetterTopic.REASON)).isNotBlank();
        assertThat(DeadLetterTopic.header(letter.headers(), DeadLetterTopic.SOURCE_KEY))
                .isEqualTo(RecordKeys.user(project, "u1"));
        assertThat(DeadLetterTopic.header(letter.headers(), DeadLetterTopic.VALUE_KIND))
                .isEqualTo(DeadLetter.KAFKA_VALUE);
        assertThat(registry.find("eventlane.dead.letters").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aRecordWhoseProcessingThrowsIsDeadLetteredWithItsProcessorAndTheNextIsProcessed() throws Exception {
        String input = "dlq-in-" + run;
        String output = "dlq-out-" + run;
        stack.kafka().createTopics(1, input, output);
        stack.kafka().createTopics(3, Topics.DEAD_LETTERS);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()))
                .process(RefusesPoison::new, Named.as("refuses-poison"))
                .to(output, Produced.with(Serdes.String(), Serdes.String()));
        String application = "processing-dlq-" + run;
        start(builder, application);

        send(input, "k", "one".getBytes(StandardCharsets.UTF_8));
        send(input, "k", "poison".getBytes(StandardCharsets.UTF_8));
        send(input, "k", "two".getBytes(StandardCharsets.UTF_8));

        List<String> out = new CopyOnWriteArrayList<>();
        List<ConsumerRecord<byte[], byte[]>> letters = new CopyOnWriteArrayList<>();
        try (KafkaConsumer<byte[], byte[]> outReader = reader(output);
                KafkaConsumer<byte[], byte[]> letterReader = reader(Topics.DEAD_LETTERS)) {
            await().atMost(WAIT).untilAsserted(() -> {
                outReader.poll(Duration.ofMillis(200)).forEach(r -> out.add(new String(r.value(),
                        StandardCharsets.UTF_8)));
                letterReader.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (input.equals(DeadLetterTopic.header(r.headers(), DeadLetterTopic.SOURCE_TOPIC))) {
                        letters.add(r);
                    }
                });
                assertThat(out).containsExactly("ONE", "TWO");
                assertThat(letters).hasSize(1);
            });
        }
        ConsumerRecord<byte[], byte[]> letter = letters.get(0);
        assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("poison");
        assertThat(DeadLetterTopic.header(letter.headers(), DeadLetterTopic.SOURCE_OFFSET)).isEqualTo("1");
        assertThat(DeadLetterTopic.header(letter.headers(), DeadLetterTopic.COMPONENT))
                .isEqualTo(application + "/refuses-poison");
        assertThat(DeadLetterTopic.header(letter.headers(), DeadLetterTopic.REASON))
                .isEqualTo("IllegalArgumentException: cannot take poison");
    }

    /** Upper-cases its input; throws on "poison". */
    private static final class RefusesPoison implements Processor<String, String, String, String> {

        private ProcessorContext<String, String> context;

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, String> record) {
            if ("poison".equals(record.value())) {
                throw new IllegalArgumentException("cannot take poison");
            }
            context.forward(record.withValue(record.value().toUpperCase(Locale.ROOT)));
        }
    }

    private void start(StreamsBuilder builder, String applicationId) throws IOException {
        DeadLetterPublisher publisher = new DeadLetterPublisher(
                KafkaSettings.bootstrap(stack.kafka().bootstrapServers()), registry);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("dlq-state").toString());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(DeadLetterHandler.PUBLISHER_CONFIG, publisher);
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        streams.start();
        closing.add(publisher::close);
        closing.add(() -> streams.close(Duration.ofSeconds(30)));
    }

    private Event purchase(String project, String id, String amount) {
        Instant now = Instant.parse("2026-11-01T10:00:00Z");
        return Event.newBuilder().setEventId(id).setProjectId(project).setSource(Source.LOGLOGIC)
                .setName("purchase").setUserId("u1").setTimestamp(now).setReceivedAt(now)
                .setProperties(Map.of("amount", amount)).setContext(EventContext.newBuilder().build()).build();
    }

    private static byte[] encode(Event event) {
        return EventlaneSerdes.event().serializer().serialize(Topics.EVENTS_UNIQUE, event);
    }

    private static List<Purchase> purchasesOf(String project, List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream()
                .map(r -> EventlaneSerdes.purchase().deserializer().deserialize(Topics.PURCHASES, r.value()))
                .filter(p -> project.equals(p.getProjectId())).toList();
    }

    private void send(String topic, String key, byte[] value) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private KafkaConsumer<byte[], byte[]> reader(String topic) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.assign(consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList());
        consumer.seekToBeginning(consumer.assignment());
        return consumer;
    }
}
