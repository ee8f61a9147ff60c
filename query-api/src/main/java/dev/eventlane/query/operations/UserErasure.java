package dev.eventlane.query.operations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.eventlane.platform.kafka.KafkaSettings;
import dev.eventlane.query.analytics.service.ApiException;
import dev.eventlane.query.analytics.service.EventRepository;
import dev.eventlane.query.config.PipelineConfig;
import dev.eventlane.query.config.QueryConfig;
import dev.eventlane.schemas.kafka.EventHeaders;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.schemas.pipeline.Sink;
import dev.eventlane.schemas.pipeline.Sinks;
import dev.eventlane.schemas.pipeline.Tables;
import dev.eventlane.schemas.pipeline.Topics;

/**
 * Erases one user of a project (GDPR): their raw events and every row derived from them, and what the analytics
 * stage remembers of them, so that no later event brings any of it back.
 *
 * <ol>
 * <li>An erasure record goes onto the events topic with the user's key, behind every event of the user accepted
 * before it.</li>
 * <li>It is followed through the pipeline by consumer group offsets: de-duplication has passed it; the analytics
 * stage has passed it (and so forgot the user, and published everything it had derived before); every ClickHouse
 * sink holds everything up to there.</li>
 * <li>The user's rows are deleted from every table that has rows per user ({@link Tables#perUser()}), and the
 * deletion awaited.</li>
 * </ol>
 * Events of the user accepted after the request are kept: they are new data. The funnel step catalog (each action's
 * earliest time over all users) is not data of a user and stays.
 */
@ApplicationScoped
public class UserErasure {

    private static final long POLL_NANOS = 50_000_000L;
    /** How many offsets before a partition's end the search for its last record starts, and the growth factor. */
    private static final long LOOK_BACK = 16;
    private static final Duration READ_POLL = Duration.ofMillis(100);

    private final KafkaSettings kafka;
    private final PipelineConfig pipeline;
    private final QueryConfig config;
    private final EventRepository events;
    private final Producer<String, byte[]> producer;
    private final Admin admin;

    public UserErasure(KafkaSettings kafka, PipelineConfig pipeline,
            QueryConfig config, EventRepository events) {
        this.kafka = kafka;
        this.pipeline = pipeline;
        this.config = config;
        this.events = events;
        this.producer = new KafkaProducer<>(kafka.with(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "query-api-erasures",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 9000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 8000)),
                new StringSerializer(), new ByteArraySerializer());
        this.admin = Admin.create(kafka.with(Map.of(AdminClientConfig.CLIENT_ID_CONFIG, "query-api-erasures")));
    }

    /**
     * Erases the user and answers once nothing of them is left; a 503 {@code delete_pending} if the pipeline or
     * ClickHouse did not get there within the delete timeout (repeating the request finishes the job).
     *
     * @return how many raw events of the user there were
     */
    public long erase(String projectId, String userId) {
        long deadline = System.nanoTime() + config.deleteTimeout().toNanos();
        RecordMetadata sent = publish(projectId, userId);
        TopicPartition inEvents = new TopicPartition(pipeline.eventsTopic(), sent.partition());
        awaitConsumed(pipeline.dedupGroup(), Map.of(inEvents, sent.offset() + 1), deadline);
        // Keyed alike, the erasure is in the same partition of the unique events, at most at its end now.
        TopicPartition inUnique = new TopicPartition(pipeline.uniqueEventsTopic(), sent.partition());
        Map<TopicPartition, Long> uniqueEnd = recordEnds(List.of(inUnique), deadline);
        awaitConsumed(pipeline.analyticsGroup(), uniqueEnd, deadline);
        for (Sink sink : Sinks.allReading(Topics.EVENTS_UNIQUE)) {
            awaitConsumed(sink.group(), uniqueEnd, deadline);
        }
        // The topics the analytics stage derives per user, and the sinks that store them.
        List<Sink> derived = Sinks.derivedPerUser();
        List<TopicPartition> derivedPartitions = new ArrayList<>();
        derived.forEach(sink -> derivedPartitions.addAll(partitions(sink.topic())));
        Map<TopicPartition, Long> derivedEnds = recordEnds(derivedPartitions, deadline);
        for (Sink sink : derived) {
            Map<TopicPartition, Long> ofTopic = new HashMap<>();
            derivedEnds.forEach((tp, end) -> {
                if (tp.topic().equals(sink.topic())) {
                    ofTopic.put(tp, end);
                }
            });
            awaitConsumed(sink.group(), ofTopic, deadline);
        }
        return events.deleteUser(projectId, userId, Tables.perUser(), deadline);
    }

    private RecordMetadata publish(String projectId, String userId) {
        ProducerRecord<String, byte[]> erasure = new ProducerRecord<>(pipeline.eventsTopic(), null,
                RecordKeys.user(projectId, userId), null, EventHeaders.erasure());
        try {
            return producer.send(erasure).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            throw unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        }
    }

    /** Waits until the group's committed offsets reach the targets (a partition never committed counts as 0). */
    private void awaitConsumed(String group, Map<TopicPartition, Long> targets, long deadline) {
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> committed = call(() -> admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS));
            boolean reached = targets.entrySet().stream().allMatch(target -> {
                OffsetAndMetadata at = committed.get(target.getKey());
                return (at == null ? 0 : at.offset()) >= target.getValue();
            });
            if (reached) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw EventRepository.deletePending();
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /**
     * For each partition, one past its last record that read_committed readers see. Not the end offset: the topics
     * written in transactions end in a commit marker, which is no record, and a reader that has consumed everything
     * commits the offset of that marker until more records follow. One reader looks at every partition at once: the
     * last {@value #LOOK_BACK} offsets first, further back (times {@value #LOOK_BACK}) where it found no record.
     */
    private Map<TopicPartition, Long> recordEnds(Collection<TopicPartition> partitions, long deadline) {
        Map<TopicPartition, Long> windowEnds = new HashMap<>(ends(partitions));
        Map<TopicPartition, Long> lastRecords = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(kafka.with(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "query-api-erasures",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            long back = LOOK_BACK;
            List<TopicPartition> open = windowEnds.entrySet().stream().filter(e -> e.getValue() > 0)
                    .map(Map.Entry::getKey).toList();
            while (!open.isEmpty()) {
                Map<TopicPartition, Long> windowStarts = new HashMap<>();
                for (TopicPartition tp : open) {
                    windowStarts.put(tp, Math.max(0, windowEnds.get(tp) - back));
                }
                reader.assign(open);
                windowStarts.forEach(reader::seek);
                while (open.stream().anyMatch(tp -> reader.position(tp) < windowEnds.get(tp))) {
                    if (System.nanoTime() > deadline) {
                        throw EventRepository.deletePending();
                    }
                    for (ConsumerRecord<byte[], byte[]> record : reader.poll(READ_POLL)) {
                        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                        if (record.offset() < windowEnds.get(tp)) {
                            lastRecords.merge(tp, record.offset(), Math::max);
                        }
                    }
                }
                open = open.stream().filter(tp -> !lastRecords.containsKey(tp) && windowStarts.get(tp) > 0)
                        .toList();
                open.forEach(tp -> windowEnds.put(tp, windowStarts.get(tp)));
                back *= LOOK_BACK;
            }
        } catch (KafkaException e) {
            throw unavailable();
        }
        Map<TopicPartition, Long> recordEnds = new HashMap<>();
        partitions.forEach(tp -> recordEnds.put(tp, lastRecords.getOrDefault(tp, -1L) + 1));
        return recordEnds;
    }

    /** The end of each partition as read_committed readers see it (open transactions excluded). */
    private Map<TopicPartition, Long> ends(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        call(() -> admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(5, TimeUnit.SECONDS)).forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /** The topic's partitions; none when it does not exist (stream-processors never ran: nothing was derived). */
    private List<TopicPartition> partitions(String topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        call(() -> {
            try {
                admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic)
                        .partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            return partitions;
        });
        return partitions;
    }

    private interface KafkaCall<T> {
        T call() throws Exception;
    }

    private static <T> T call(KafkaCall<T> request) {
        try {
            return request.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        } catch (Exception e) {
            throw unavailable();
        }
    }

    private static ApiException unavailable() {
        return new ApiException(503, "unavailable",
                "Kafka is not reachable; the erasure is not complete, repeat the request");
    }

    @PreDestroy
    void close() {
        producer.close();
        admin.close();
    }
}
