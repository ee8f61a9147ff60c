package dev.eventlane.streams.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.eventlane.platform.clickhouse.ClickHouseClient;
import dev.eventlane.platform.clickhouse.ClickHouseSink;
import dev.eventlane.platform.clickhouse.DeadLetters;
import dev.eventlane.platform.clickhouse.SinkListener;
import dev.eventlane.platform.clickhouse.WebEventRows;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.testkit.Stack;

/**
 * The web events' sink on a real broker and ClickHouse: of all unique events it stores those of source web, once,
 * and its group's offsets pass the others too (a user's erasure waits for them).
 */
class WebEventsSinkTest {

    private static final Instant T0 = SinkEvents.T0;
    private static final DeadLetters NO_DEAD_LETTERS = SinkScratch.NO_DEAD_LETTERS;

    private final Stack stack = Stack.get();
    private final ClickHouseClient clickhouse = SinkScratch.clickhouse();
    private String topic;
    private String table;
    private String group;
    private long produced;

    @BeforeEach
    void setUp() {
        SinkScratch scratch = SinkScratch.of(clickhouse, "web-sink-test", "web_events");
        topic = scratch.topic();
        table = scratch.table();
        group = scratch.group();
    }

    @Test
    void storesTheWebEventsOnceAndPassesTheOthers() throws Exception {
        produce(0, 3000);
        run(1000);
        // A restart after only other events resumes without storing anything again.
        produce(3000, 300, Source.LOGLOGIC);
        run(1000);

        assertThat(clickhouse.selectOne("SELECT uniqExact(event_id) FROM " + table)).isEqualTo("1000");
        assertThat(SinkEvents.committed(stack.kafka(), group)).isEqualTo(3300);
        String[] row = clickhouse.select("SELECT event_type, name, path, referrer_host, visitor_id, session_id,"
                + " country, device, screen_width, props, ts_ms FROM " + table + " WHERE event_id = 'e-3'").get(0);
        assertThat(row).containsExactly("custom", "signup", "/p3", "", "01HV3", "01HS3", "RO", "mobile", "390",
                "{\"plan\":\"pro\"}", Long.toString(T0.toEpochMilli() + 3));
    }

    private void run(int expected) throws InterruptedException {
        ClickHouseSink<Event> sink = new ClickHouseSink<>(this::consumer, EventlaneSerdes.event(), clickhouse, topic,
                table, new WebEventRows(), 500, Duration.ofMillis(100), SinkListener.NONE, NO_DEAD_LETTERS);
        Thread thread = new Thread(sink, "web-sink-under-test");
        thread.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> count() >= expected
                    && SinkEvents.committed(stack.kafka(), group) == produced);
        } finally {
            sink.stop();
            thread.join(30_000);
        }
        assertThat(count()).isEqualTo(expected);
    }

    private long count() {
        return Long.parseLong(clickhouse.selectOne("SELECT count() FROM " + table));
    }

    /** Events {@code from..}: every third of source web (a custom event when odd, a page view otherwise). */
    private void produce(int from, int count) {
        produce(from, count, null);
    }

    private void produce(int from, int count, Source only) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, Event> producer = new KafkaProducer<>(props, new StringSerializer(),
                EventlaneSerdes.event().serializer())) {
            for (int i = from; i < from + count; i++) {
                Source source = only != null ? only : i % 3 == 0 ? Source.WEB : Source.LOGLOGIC;
                producer.send(new ProducerRecord<>(topic, "p1|01HV" + i, event(i, source)));
            }
            producer.flush();
        }
        produced += count;
    }

    private static Event event(int i, Source source) {
        boolean custom = i % 2 == 1;
        return Event.newBuilder().setEventId("e-" + i).setProjectId("p1").setSource(source)
                .setName(custom ? "signup" : "pageview").setUserId("01HV" + i).setSessionId("01HS" + i)
                .setPlatform("web").setTimestamp(T0.plusMillis(i)).setReceivedAt(T0.plusMillis(i + 5))
                .setProperties(Map.of("$event_type", custom ? "\"custom\"" : "\"pageview\"", "$path", "\"/p" + i + "\"",
                        "$visitor_id", "\"01HV" + i + "\"", "$screen_width", "390", "plan", "\"pro\""))
                .setContext(EventContext.newBuilder().setCountry("RO").setDevice("mobile").build())
                .build();
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }
}
