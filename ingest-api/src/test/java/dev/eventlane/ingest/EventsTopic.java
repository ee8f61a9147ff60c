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
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.LogEntry;
import dev.eventlane.schemas.kafka.EventHeaders;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.testkit.Stack;

/** Reads events and log entries back from the test broker's topics, checking the keys and headers ingest set. */
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
        return read("events", EventlaneSerdes.event().deserializer(), match, count, (key, headers, event) -> {
            assertThat(key).isEqualTo(RecordKeys.user(event.getProjectId(), event.getUserId()));
            assertThat(EventHeaders.dedupId(headers)).isEqualTo(EventHeaders.dedupId(event));
        });
    }

    /** The first {@code count} log entries on {@code logs} that {@code match}. */
    public static List<LogEntry> readLogs(Predicate<LogEntry> match, int count) {
        return read("logs", EventlaneSerdes.logEntry().deserializer(), match, count, (key, headers, log) -> {
            assertThat(key).isEqualTo(RecordKeys.log(log.getProjectId(), log.getNode(), log.getLogId()));
            assertThat(EventHeaders.dedupId(headers)).isEqualTo(EventHeaders.dedupId(log));
        });
    }

    private interface RecordCheck<T> {
        void check(String key, Headers headers, T value);
    }

    private static <T> List<T> read(String topic, Deserializer<T> values, Predicate<T> match, int count,
            RecordCheck<T> check) {
        List<T> found = new ArrayList<>();
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Stack.get().kafka().bootstrapServers(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
                for (ConsumerRecord<String, T> record : consumer.poll(Duration.ofMillis(200))) {
                    T value = record.value();
                    if (value != null && match.test(value) && found.size() < count) {
                        check.check(record.key(), record.headers(), value);
                        found.add(value);
                    }
                }
                return found.size() >= count;
            });
        }
        return found;
    }
}
