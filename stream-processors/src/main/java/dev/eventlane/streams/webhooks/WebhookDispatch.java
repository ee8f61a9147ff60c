package dev.eventlane.streams.webhooks;

import java.time.Duration;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

import dev.eventlane.schemas.WebhookAttempt;
import dev.eventlane.schemas.WebhookDelivery;
import dev.eventlane.schemas.WebhookEndpoint;
import dev.eventlane.schemas.kafka.EventlaneSerdes;
import dev.eventlane.schemas.pipeline.Topics;
import dev.eventlane.streams.shared.GlobalStore;
import dev.eventlane.streams.shared.GlobalStores;

/**
 * The dispatcher's part of the alerting topology: alerts and attempt records (both keyed by project, so one task
 * holds a project's pending deliveries) into the {@link DispatchProcessor}; given-up deliveries out to the
 * dead-letter topic.
 */
public final class WebhookDispatch {

    static final String PENDING_STORE = "webhooks-pending";
    static final String DUE_STORE = "webhooks-due";
    /** An attempt whose record has not come back after this long is taken as lost (its record could not be written). */
    private static final Duration IN_FLIGHT_GRACE = Duration.ofMinutes(1);
    /** Attempts in flight to one project's endpoints, unless configured. */
    static final int DEFAULT_PER_PROJECT = 16;

    /** The topics the dispatcher reads and writes; tests use their own. */
    public record Names(String alerts, String attempts, String deadLetter) {
        public static final Names DEFAULT = new Names(Topics.ALERTS, Topics.WEBHOOK_ATTEMPTS,
                Topics.WEBHOOKS_DEAD_LETTER);
    }

    /**
     * @param endpoints the endpoints' global store, as {@link GlobalStores#addEndpointsStore} added it
     * @param timeout the sender's timeout per attempt; attempts in flight longer than it and a grace are made again
     */
    public static void addTo(StreamsBuilder builder, GlobalStore<WebhookEndpoint> endpoints, Names names,
            Duration scanInterval, int perEndpoint, Duration timeout, WebhookSender sender) {
        addTo(builder, endpoints, names, scanInterval, perEndpoint, DEFAULT_PER_PROJECT, timeout, sender);
    }

    /** @param perProject attempts in flight to one project's endpoints at most */
    public static void addTo(StreamsBuilder builder, GlobalStore<WebhookEndpoint> endpoints, Names names,
            Duration scanInterval, int perEndpoint, int perProject, Duration timeout, WebhookSender sender) {
        addDispatcher(builder, endpoints, names, scanInterval, perEndpoint, perProject, timeout, sender);
    }

    /** As {@link #addTo}, with any sender (tests record what would be sent). */
    static void addDispatcher(StreamsBuilder builder, GlobalStore<WebhookEndpoint> endpoints, Names names,
            Duration scanInterval, int perEndpoint, int perProject, Duration timeout,
            DispatchProcessor.Sender sender) {
        Serde<WebhookDelivery> deliveries = EventlaneSerdes.webhookDelivery();
        Serde<WebhookAttempt> attempts = EventlaneSerdes.webhookAttempt();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PENDING_STORE),
                Serdes.String(), deliveries).withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DUE_STORE),
                Serdes.String(), Serdes.String()).withCachingDisabled());

        KStream<String, SpecificRecord> alerts = builder.stream(names.alerts(),
                        Consumed.with(Serdes.String(), EventlaneSerdes.alert()).withName("dispatch-alerts"))
                .mapValues(alert -> (SpecificRecord) alert, Named.as("dispatch-alert-record"));
        KStream<String, SpecificRecord> results = builder.stream(names.attempts(),
                        Consumed.with(Serdes.String(), attempts).withName("dispatch-attempts"))
                .mapValues(attempt -> (SpecificRecord) attempt, Named.as("dispatch-attempt-record"));
        DispatchProcessor.StoreNames stores = new DispatchProcessor.StoreNames(PENDING_STORE, DUE_STORE, endpoints);
        DispatchProcessor.Settings settings = new DispatchProcessor.Settings(scanInterval, perEndpoint, perProject,
                timeout.plus(IN_FLIGHT_GRACE));
        KStream<String, SpecificRecord> out = alerts.merge(results, Named.as("dispatch-inputs"))
                .process(() -> new DispatchProcessor(stores, settings, sender), Named.as("dispatch"),
                        PENDING_STORE, DUE_STORE);
        out.filter((key, value) -> value instanceof WebhookDelivery, Named.as("dead-letters"))
                .mapValues(value -> (WebhookDelivery) value, Named.as("dead-letter-cast"))
                .to(names.deadLetter(), Produced.with(Serdes.String(), deliveries));
        out.filter((key, value) -> value instanceof WebhookAttempt, Named.as("dropped"))
                .mapValues(value -> (WebhookAttempt) value, Named.as("dropped-cast"))
                .to(names.attempts(), Produced.with(Serdes.String(), attempts));
    }

    private WebhookDispatch() {
    }
}
