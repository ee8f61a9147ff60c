package dev.eventlane.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.kafka.EventHeaders;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.testkit.Stack;

/** Reads events back from the test broker's {@code events} topic, checking the key and headers ingest set. */
public final class EventsTopic {

    private EventsTopic() {
    }

    /** The events with these ids, by id; waits (bounded) until all are there. */
    public static Map<String, Event> read(List<String> eventIds) {
        Map<String, Event> found = new HashMap<>();
        for (Event event : read(e -> eventIds.contains(e.getEventId()), eventIds.size())) {
            found.put(event.getEventId(), event);
        }
        return found;
    }

    /** The first {@code count} events that {@code match}, in topic order per partition; waits until there are so many. */
    public static List<Event> read(Predicate<Event> match, int count) {
        List<Event> found = new ArrayList<>();
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Stack.get().kafka().bootstrapServers(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, Event> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                EventlaneSerdes.event().deserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor("events").forEach(p -> partitions.add(new TopicPartition("events", p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
                for (ConsumerRecord<String, Event> record : consumer.poll(Duration.ofMillis(200))) {
                    Event event = record.value();
                    if (event != null && match.test(event) && found.size() < count) {
                        assertThat(record.key()).isEqualTo(RecordKeys.user(event.getProjectId(), event.getUserId()));
                        assertThat(EventHeaders.dedupId(record.headers())).isEqualTo(EventHeaders.dedupId(event));
                        found.add(event);
                    }
                }
                return found.size() >= count;
            });
        }
        return found;
    }
}
