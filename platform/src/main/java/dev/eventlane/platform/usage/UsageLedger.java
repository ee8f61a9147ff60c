package dev.eventlane.platform.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.eventlane.platform.kafka.KafkaSettings;
import dev.eventlane.platform.kafka.TopicAdmin;
import dev.eventlane.platform.kafka.TopicPoller;
import dev.eventlane.platform.time.ShiftedClock;
import dev.eventlane.schemas.UsageCount;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.schemas.pipeline.Topic;
import dev.eventlane.schemas.pipeline.Topics;

/**
 * Each project's accepted events per UTC day, summed over every ingest-api instance.
 *
 * <p>Every instance counts what it accepts and publishes its cumulative count per project and day on the compacted
 * topic {@value Topics#USAGE} (keyed by project, day and instance) every {@link #PUBLISH_EVERY}; every instance (and
 * query-api, for {@code /v1/info}) reads the whole topic. A project's usage is its own live count plus the latest
 * count of every other instance, so limits hold across instances up to what they accept within one publish
 * interval, and a restarted instance finds the day's usage, its own earlier counts included, on the topic.
 *
 * <p>The same topic shares per-minute request counts per API key ({@link #tryRequest}): every instance publishes
 * its count of the key's requests in the current UTC minute (keyed by key and instance, so the topic keeps each
 * instance's latest minute only), and a key's requests in a minute are this instance's plus the other instances'
 * latest counts for that same minute.
 *
 * <p>The worker outlives any outage of the broker: a failure is logged and shown by {@link #problem()}, and the
 * worker goes on where it stopped (counts not yet published are published later, being cumulative). A record that
 * does not decode is skipped and counted ({@link #skippedRecords()}). Only an {@link Error} ends the worker.
 */
public final class UsageLedger extends TopicPoller {

    static final Duration PUBLISH_EVERY = Duration.ofMillis(500);
    /** Request counts are per UTC minute. */
    private static final long MINUTE_MS = Duration.ofMinutes(1).toMillis();
    private static final Duration TOPIC_RETRY = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(UsageLedger.class);

    /** One key's requests in the minute starting at {@code minuteMs} on one instance. */
    private record MinuteCount(String projectId, long minuteMs, AtomicLong requests) {
        MinuteCount(String projectId, long minuteMs) {
            this(projectId, minuteMs, new AtomicLong());
        }

        boolean sameAs(MinuteCount other) {
            return other != null && other.minuteMs == minuteMs && other.requests.get() == requests.get();
        }
    }

    /**
     * The outcome of {@link #tryRequest}.
     *
     * @param admitted whether the request was within the limit (and counted)
     * @param used     the key's requests this minute over all instances, this one included when admitted
     * @param resetMs  when the minute ends and the count starts again
     */
    public record Requests(boolean admitted, long used, long resetMs) {
    }

    /** Told when another instance accepted more events for a project today. */
    public interface PeerListener {
        void accepted(String projectId, long events);
    }

    private final KafkaSettings kafka;
    private final String instance;
    private final Clock clock;
    private final Consumer<String, byte[]> consumer;
    private final Deserializer<UsageCount> values = EventlaneSerdes.usageCount().deserializer();
    private final Producer<String, UsageCount> producer;
    private final PeerListener peers;
    /** Latest count per (project, day, instance) key read from the topic. */
    private final Map<String, UsageCount> published = new ConcurrentHashMap<>();
    /** Per project: today's total over the other instances. */
    private final Map<String, AtomicLong> peersToday = new ConcurrentHashMap<>();
    /** This instance's own counts of today, per project; and per record key, what is already on the topic. */
    private final Map<String, AtomicLong> ownToday = new ConcurrentHashMap<>();
    private final Map<String, Long> ownPublished = new ConcurrentHashMap<>();
    /** Per key: this instance's requests in its latest minute; and per record key, the count already published. */
    private final Map<String, MinuteCount> ownRequests = new ConcurrentHashMap<>();
    private final Map<String, MinuteCount> ownRequestsPublished = new ConcurrentHashMap<>();
    /** Per key, per other instance: that instance's latest request count read from the topic. */
    private final Map<String, Map<String, UsageCount>> peerRequests = new ConcurrentHashMap<>();
    private volatile LocalDate today;
    /** The worker thread's own: whether the topic's partitions are assigned, and when to publish next. */
    private boolean assigned;
    private long nextPublish = System.nanoTime();

    private UsageLedger(KafkaSettings kafka, String instance, Clock clock, Consumer<String, byte[]> consumer,
            Producer<String, UsageCount> producer, PeerListener peers) {
        super(Topics.USAGE, "eventlane-usage-ledger");
        this.kafka = kafka;
        this.instance = instance;
        this.clock = clock;
        this.consumer = consumer;
        this.producer = producer;
        this.peers = peers;
        this.today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    /**
     * Starts reading the topic (creating it if missing).
     *
     * @param instance a name unique to this process, or null for a reader that never counts (query-api)
     */
    public static UsageLedger start(KafkaSettings kafka, String instance, PeerListener peers) {
        return start(kafka, instance, peers, ShiftedClock.fromSystemProperty());
    }

    /** As {@link #start(KafkaSettings, String, PeerListener)}, with the clock that says which day and minute it is. */
    public static UsageLedger start(KafkaSettings kafka, String instance, PeerListener peers, Clock clock) {
        ensureTopic(kafka);
        Map<String, Object> consumerProps = new HashMap<>();
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) POLL.toMillis());
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, Object> producerProps = new HashMap<>();
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        UsageLedger ledger = new UsageLedger(kafka, instance == null ? "" : instance,
                clock,
                new KafkaConsumer<>(kafka.with(consumerProps), new StringDeserializer(), new ByteArrayDeserializer()),
                instance == null ? null : new KafkaProducer<>(kafka.with(producerProps), new StringSerializer(),
                        EventlaneSerdes.usageCount().serializer()),
                peers);
        ledger.startPolling();
        return ledger;
    }

    /** Counts events this instance accepted for the project just now. */
    public void add(String projectId, long events) {
        rollOver();
        ownToday.computeIfAbsent(projectId, p -> new AtomicLong()).addAndGet(events);
    }

    /** The project's events today (UTC) over all instances, as far as this instance knows. */
    public long today(String projectId) {
        rollOver();
        return value(peersToday.get(projectId)) + value(ownToday.get(projectId));
    }

    /**
     * Counts one request of the key in the current UTC minute unless the key's requests in that minute, over all
     * instances, already reached {@code limit}.
     */
    public Requests tryRequest(String projectId, String keyId, long limit) {
        long minute = Math.floorDiv(clock.millis(), MINUTE_MS) * MINUTE_MS;
        MinuteCount own = ownRequests.compute(keyId,
                (key, current) -> current != null && current.minuteMs() == minute ? current
                        : new MinuteCount(projectId, minute));
        long peers = peerRequests(keyId, minute);
        while (true) {
            long mine = own.requests().get();
            if (peers + mine >= limit) {
                return new Requests(false, peers + mine, minute + MINUTE_MS);
            }
            if (own.requests().compareAndSet(mine, mine + 1)) {
                return new Requests(true, peers + mine + 1, minute + MINUTE_MS);
            }
        }
    }

    /** The key's requests in the current UTC minute over all instances, as far as this instance knows. */
    public long requestsThisMinute(String keyId) {
        long minute = Math.floorDiv(clock.millis(), MINUTE_MS) * MINUTE_MS;
        MinuteCount own = ownRequests.get(keyId);
        return peerRequests(keyId, minute) + (own != null && own.minuteMs() == minute ? own.requests().get() : 0);
    }

    private long peerRequests(String keyId, long minute) {
        Map<String, UsageCount> byInstance = peerRequests.get(keyId);
        if (byInstance == null) {
            return 0;
        }
        long sum = 0;
        for (UsageCount count : byInstance.values()) {
            if (count.getMinute().toEpochMilli() == minute) {
                sum += count.getEvents();
            }
        }
        return sum;
    }

    /** Publishes this instance's counts when due; the worker outlives outages (see {@link TopicPoller}). */
    @Override
    protected void round() {
        if (!assigned) {
            assigned = assignAll();
            return;
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
            read(record);
        }
        if (producer != null && System.nanoTime() >= nextPublish) {
            publishOwn();
            nextPublish = System.nanoTime() + PUBLISH_EVERY.toNanos();
        }
    }

    @Override
    protected void finish() {
        if (producer != null) {
            try {
                publishOwn();
            } catch (RuntimeException e) {
                LOG.warn("Usage counts not published at close: {}", e.toString());
            }
            producer.close(Duration.ofSeconds(5));
        }
        consumer.close();
    }

    @Override
    protected void wakeUp() {
        consumer.wakeup();
    }

    /** Creates the topic unless it exists (logs, and goes on, when the broker does not answer). */
    private static void ensureTopic(KafkaSettings kafka) {
        Topic usage = Topics.named(Topics.USAGE).orElseThrow();
        TopicAdmin.ensure(kafka, usage.name(), usage.partitions(), usage.configs());
    }

    /** Assigns every partition of the topic from the beginning; false while the topic does not exist (yet). */
    private boolean assignAll() {
        List<PartitionInfo> partitions = Optional.ofNullable(
                consumer.partitionsFor(Topics.USAGE, Duration.ofSeconds(5))).orElse(List.of());
        if (partitions.isEmpty()) {
            // The broker answered that the topic does not exist: it was away when this ledger started.
            ensureTopic(kafka);
            LockSupport.parkNanos(TOPIC_RETRY.toNanos());
            return false;
        }
        List<TopicPartition> all = partitions.stream().map(p -> new TopicPartition(Topics.USAGE, p.partition()))
                .toList();
        consumer.assign(all);
        consumer.seekToBeginning(all);
        return true;
    }

    private void read(ConsumerRecord<String, byte[]> record) {
        UsageCount count;
        try {
            count = record.value() == null ? null : values.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            skip(record, "a usage count", e);
            return;
        }
        read(record.key(), count);
    }

    private void read(String key, UsageCount count) {
        if (key == null || count == null) {
            return;
        }
        if (count.getMinute() != null) {
            readRequests(count);
            return;
        }
        UsageCount before = published.put(key, count);
        LocalDate day = count.getDay();
        if (!day.equals(today)) {
            return;
        }
        long grown = count.getEvents() - (before == null ? 0 : before.getEvents());
        // This process's own counts are live in ownToday; an earlier process had another instance name.
        if (grown > 0 && !count.getInstance().equals(instance)) {
            peersToday.computeIfAbsent(count.getProjectId(), p -> new AtomicLong()).addAndGet(grown);
            if (peers != null) {
                peers.accepted(count.getProjectId(), grown);
            }
        }
    }

    /** Another instance's latest request count of a key; this process's own are live in ownRequests. */
    private void readRequests(UsageCount count) {
        if (count.getKeyId() != null && !count.getInstance().equals(instance)) {
            peerRequests.computeIfAbsent(count.getKeyId(), key -> new ConcurrentHashMap<>())
                    .put(count.getInstance(), count);
        }
    }

    private void publishOwn() {
        publishOwnRequests();
        LocalDate day = today;
        for (Map.Entry<String, AtomicLong> own : ownToday.entrySet()) {
            long events = own.getValue().get();
            String key = RecordKeys.usage(own.getKey(), day, instance);
            Long sent = ownPublished.get(key);
            if (sent == null || sent != events) {
                ownPublished.put(key, events);
                // A count the broker did not take (an outage) is sent again by the next round.
                UsageCount total = new UsageCount(own.getKey(), day, instance, events, null, null);
                producer.send(new ProducerRecord<>(Topics.USAGE, key, total),
                        (metadata, error) -> {
                            if (error != null) {
                                ownPublished.remove(key, events);
                            }
                        });
            }
        }
    }

    private void publishOwnRequests() {
        for (Map.Entry<String, MinuteCount> own : ownRequests.entrySet()) {
            MinuteCount current = own.getValue();
            MinuteCount snapshot = new MinuteCount(current.projectId(), current.minuteMs(),
                    new AtomicLong(current.requests().get()));
            String key = RecordKeys.requests(own.getKey(), instance);
            if (!snapshot.sameAs(ownRequestsPublished.get(key))) {
                ownRequestsPublished.put(key, snapshot);
                Instant minute = Instant.ofEpochMilli(snapshot.minuteMs());
                UsageCount count = new UsageCount(snapshot.projectId(), LocalDate.ofInstant(minute, ZoneOffset.UTC),
                        instance, snapshot.requests().get(), minute, own.getKey());
                producer.send(new ProducerRecord<>(Topics.USAGE, key, count), (metadata, error) -> {
                    if (error != null) {
                        ownRequestsPublished.remove(key, snapshot);
                    }
                });
            }
        }
    }

    /** At UTC midnight every count starts again from zero. */
    private void rollOver() {
        LocalDate now = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        if (!now.equals(today)) {
            synchronized (this) {
                if (!now.equals(today)) {
                    today = now;
                    peersToday.clear();
                    ownToday.clear();
                }
            }
        }
    }

    private static long value(AtomicLong counter) {
        return counter == null ? 0 : counter.get();
    }
}
