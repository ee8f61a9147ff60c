package dev.eventlane.streams.sink;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.EventContext;
import dev.eventlane.schemas.Source;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.testkit.KafkaBroker;

/** Events for the sink tests, numbered so that every row is told apart by its event id. */
final class SinkEvents {

    static final Instant T0 = Instant.parse("2026-11-01T12:00:00Z");

    private SinkEvents() {
    }

    /** Writes events {@code from .. from+count-1} and waits until the broker has all of them. */
    static void produce(String bootstrap, String topic, int from, int count) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, Event> producer = new KafkaProducer<>(props, new StringSerializer(),
                EventlaneSerdes.event().serializer())) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>(topic, "p1|u" + (i % 50), event(i)));
            }
            producer.flush();
        }
    }

    static Event event(int i) {
        return Event.newBuilder().setEventId("e-" + i).setProjectId("p1").setSource(Source.LOGLOGIC)
                .setName("step" + (i % 4)).setUserId("u" + (i % 50)).setSessionId("s" + (i % 7))
                .setFunnel("checkout").setPlatform("Web").setTimestamp(T0.plusMillis(i))
                .setReceivedAt(T0.plusMillis(i + 5)).setProperties(Map.of("n", Integer.toString(i)))
                .setContext(EventContext.newBuilder().setIp("203.0.113.1").setUserAgent("agent").build())
                .build();
    }

    /** The group's committed offsets summed over the partitions: how many records it has passed. */
    static long committed(KafkaBroker kafka, String group) throws Exception {
        try (Admin admin = kafka.admin()) {
            Map<?, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        }
    }
}
