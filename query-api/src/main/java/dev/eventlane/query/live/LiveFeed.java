package dev.eventlane.query.live;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import dev.eventlane.platform.kafka.KafkaSettings;
import dev.eventlane.platform.kafka.TopicPoller;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.kafka.AvroSerde;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.kafka.RecordKeys;

/**
 * New events of every project, as the de-duplication stage commits them, fanned out to the live-feed clients of
 * their project. One consumer per query-api instance, without a group: it starts at the topic's end and reads only
 * committed records, so a client sees each new event once and nothing from before it connected; ClickHouse is not
 * involved.
 */
public final class LiveFeed extends TopicPoller {

    /** Events a client may lag behind before it is disconnected (its browser reconnects and starts afresh). */
    static final int CLIENT_BUFFER = 512;

    private final Consumer<byte[], byte[]> consumer;
    private final AvroSerde<Event> serde = EventlaneSerdes.event();
    private final Map<String, Set<Client>> clients = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean assigned;

    private record Client(LiveFilter filter, MultiEmitter<? super LiveEvent> emitter) {
    }

    private LiveFeed(Consumer<byte[], byte[]> consumer, String topic) {
        super(topic, "eventlane-live-feed");
        this.consumer = consumer;
    }

    public static LiveFeed start(KafkaSettings kafka, String topic) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "eventlane-live-feed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // The de-duplication stage writes in transactions: only what it committed is an event.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) POLL.toMillis());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        LiveFeed feed = new LiveFeed(new KafkaConsumer<>(kafka.with(props), new ByteArrayDeserializer(),
                new ByteArrayDeserializer()), topic);
        feed.startPolling();
        return feed;
    }

    /** The project's new events that pass {@code filter}, from now on, until the subscriber cancels. */
    public Multi<LiveEvent> subscribe(String projectId, LiveFilter filter) {
        return Multi.createFrom().<LiveEvent>emitter(emitter -> attach(projectId, new Client(filter, emitter)),
                BackPressureStrategy.ERROR)
                .onOverflow().buffer(CLIENT_BUFFER)
                .onFailure(BackPressureFailure.class).invoke(dropped::incrementAndGet)
                .onFailure(BackPressureFailure.class).recoverWithCompletion();
    }

    /** Clients connected now, over every project. */
    public int clientCount() {
        return clients.values().stream().mapToInt(Set::size).sum();
    }

    /** Clients disconnected because they fell {@link #CLIENT_BUFFER} events behind. */
    public long droppedClients() {
        return dropped.get();
    }

    /** Whether the consumer has found the topic's partitions and waits at their end. */
    public boolean ready() {
        return assigned;
    }

    private void attach(String projectId, Client client) {
        clients.computeIfAbsent(projectId, p -> ConcurrentHashMap.newKeySet()).add(client);
        client.emitter().onTermination(() -> detach(projectId, client));
    }

    private void detach(String projectId, Client client) {
        clients.computeIfPresent(projectId, (p, set) -> {
            set.remove(client);
            return set.isEmpty() ? null : set;
        });
    }

    @Override
    protected void round() {
        if (!assigned) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                return;
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            assigned = true;
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
            if (record.value() != null && !clients.isEmpty()) {
                deliver(record);
            }
        }
    }

    private void deliver(ConsumerRecord<byte[], byte[]> record) {
        String keyProject = projectOfKey(record.key());
        if (keyProject != null && !clients.containsKey(keyProject)) {
            return;
        }
        Event event;
        try {
            event = serde.deserializer().deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            skip(record, "an event", e);
            return;
        }
        Set<Client> listening = clients.get(event.getProjectId());
        if (listening == null) {
            return;
        }
        LiveEvent live = null;
        for (Client client : listening) {
            if (client.filter().matches(event)) {
                live = live == null ? LiveEvent.of(event) : live;
                client.emitter().emit(live);
            }
        }
    }

    /**
     * The project an event's key starts with ({@link RecordKeys#user}), read without decoding the event, so that
     * only the events of projects someone watches are decoded; null when the key names none.
     */
    static String projectOfKey(byte[] key) {
        if (key == null) {
            return null;
        }
        for (int i = 0; i < key.length; i++) {
            if (key[i] == 0) {
                return new String(key, 0, i, StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    protected void finish() {
        clients.values().forEach(set -> set.forEach(c -> c.emitter().complete()));
        consumer.close();
    }

    @Override
    protected void wakeUp() {
        consumer.wakeup();
    }
}
