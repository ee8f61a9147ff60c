package dev.eventlane.streams.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import dev.eventlane.platform.webhooks.DeliveryErrors;
import dev.eventlane.platform.webhooks.TestDeliveries;
import dev.eventlane.schemas.Alert;
import dev.eventlane.schemas.WebhookAttempt;
import dev.eventlane.schemas.WebhookDelivery;
import dev.eventlane.schemas.WebhookEndpoint;
import dev.eventlane.schemas.kafka.RecordKeys;
import dev.eventlane.streams.shared.Endpoints;
import dev.eventlane.streams.shared.GlobalStore;

/**
 * The dispatcher's state machine, per project partition. An alert becomes one pending delivery per endpoint that
 * receives it, due at once. Every scan interval (wall clock) the due deliveries go to the {@link Sender}, at most a
 * few in flight per endpoint, so a slow or dead endpoint holds only its own deliveries. What came of each attempt
 * comes back as a {@link WebhookAttempt} on the attempts topic: delivered deletes the delivery, retrying reschedules
 * it, dead deletes it and forwards it to the dead-letter topic. Pending deliveries and their schedule are stores with
 * changelogs, so a dispatcher that stops, crashes or moves resumes every delivery where it was; an attempt in flight
 * at that moment is made again, with the same {@code webhook-id} (receivers de-duplicate by it).
 */
final class DispatchProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    /** Makes one attempt of a delivery, asynchronously, and reports it on the attempts topic. */
    interface Sender {
        void send(WebhookDelivery delivery, WebhookEndpoint endpoint);
    }

    /**
     * @param scanInterval    how often due deliveries are looked for
     * @param perEndpoint     attempts in flight to one endpoint at most
     * @param perProject      attempts in flight to the endpoints of one project at most: one project's slow
     *                        endpoints cannot take the slots other projects' deliveries need
     * @param inFlightExpiry  after this long without its attempt record, an attempt is taken as lost and made again
     */
    record Settings(Duration scanInterval, int perEndpoint, int perProject, Duration inFlightExpiry) {
    }

    /** Attempts in flight in one task at most. */
    static final int MAX_IN_FLIGHT = 256;
    /** Due deliveries looked at in one scan at most: those of projects at their limit are passed over. */
    static final int MAX_SCANNED = 10_000;
    /** The width of the time in keys of the schedule, so that keys sort by time. */
    private static final String DUE_FORMAT = "%013d";

    private final StoreNames stores;
    private final Settings settings;
    private final Sender sender;
    /** Deliveries with an attempt in flight: delivery id to endpoint and when it was sent. */
    private final Map<String, InFlight> inFlight = new HashMap<>();
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, WebhookDelivery> pending;
    private KeyValueStore<String, String> due;
    private ReadOnlyKeyValueStore<String, WebhookEndpoint> endpoints;
    private GlobalStore.ByProject<WebhookEndpoint> endpointsByProject;

    /** @param endpoints the global store of webhook endpoints */
    record StoreNames(String pending, String due, GlobalStore<WebhookEndpoint> endpoints) {
    }

    private record InFlight(String projectId, String endpointId, long sentAt) {
    }

    DispatchProcessor(StoreNames stores, Settings settings, Sender sender) {
        this.stores = stores;
        this.settings = settings;
        this.sender = sender;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.pending = context.getStateStore(stores.pending());
        this.due = context.getStateStore(stores.due());
        this.endpoints = context.getStateStore(stores.endpoints().name());
        this.endpointsByProject = stores.endpoints().byProject(endpoints);
        context.schedule(settings.scanInterval(), PunctuationType.WALL_CLOCK_TIME, this::sendDue);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() instanceof Alert alert) {
            schedule(alert);
        } else if (record.value() instanceof WebhookAttempt attempt) {
            apply(attempt);
        }
    }

    /** One delivery per endpoint receiving the alert; an alert seen before (same id) schedules nothing new. */
    private void schedule(Alert alert) {
        long now = context.currentSystemTimeMs();
        for (WebhookEndpoint endpoint : targets(alert)) {
            String id = deliveryId(alert.getAlertId(), endpoint.getEndpointId());
            if (pending.get(id) != null) {
                continue;
            }
            WebhookDelivery delivery = WebhookDelivery.newBuilder().setDeliveryId(id).setAlertId(alert.getAlertId())
                    .setProjectId(alert.getProjectId()).setEndpointId(endpoint.getEndpointId())
                    .setKind(alert.getKind()).setPayload(alert.getPayload()).setCreatedAt(Instant.ofEpochMilli(now))
                    .setAttempts(0).setNextAttemptAt(Instant.ofEpochMilli(now)).build();
            pending.put(id, delivery);
            due.put(dueKey(now, id), id);
        }
    }

    private List<WebhookEndpoint> targets(Alert alert) {
        if (alert.getEndpointId() == null) {
            return Endpoints.subscribers(endpointsByProject.of(alert.getProjectId()), alert.getProjectId(),
                    alert.getKind());
        }
        WebhookEndpoint only = Endpoints.find(endpoints, alert.getProjectId(), alert.getEndpointId());
        // A test delivery checks the endpoint itself: it goes whatever kinds the endpoint receives.
        boolean receives = only != null
                && (only.getKinds().contains(alert.getKind()) || TestDeliveries.isTest(alert.getKind()));
        return receives ? List.of(only) : List.of();
    }

    /** Moves the delivery on by what its attempt gave; an attempt of an older turn (made twice) changes nothing. */
    private void apply(WebhookAttempt attempt) {
        String id = attempt.getDeliveryId();
        WebhookDelivery delivery = pending.get(id);
        if (delivery == null || attempt.getAttempt() != delivery.getAttempts() + 1) {
            return;
        }
        inFlight.remove(id);
        due.delete(dueKey(delivery.getNextAttemptAt().toEpochMilli(), id));
        WebhookDelivery.Builder after = WebhookDelivery.newBuilder(delivery).setAttempts(attempt.getAttempt())
                .setLastStatus(attempt.getStatus()).setLastError(attempt.getError());
        switch (attempt.getOutcome()) {
            case "retrying" -> {
                long next = attempt.getNextAttemptAt().toEpochMilli();
                pending.put(id, after.setNextAttemptAt(Instant.ofEpochMilli(next)).build());
                due.put(dueKey(next, id), id);
            }
            case "dead" -> {
                pending.delete(id);
                context.forward(new Record<>(delivery.getProjectId(), after.build(), context.currentSystemTimeMs()));
            }
            default -> pending.delete(id); // delivered, or dropped
        }
    }

    /**
     * Hands due deliveries without an attempt in flight to the sender, oldest first, within the in-flight limits
     * per endpoint, per project and per task. A delivery over its endpoint's or project's limit is passed over, not
     * counted, so the deliveries of other projects behind it still go out.
     */
    private void sendDue(long now) {
        inFlight.values().removeIf(flight -> now - flight.sentAt() > settings.inFlightExpiry().toMillis());
        Map<String, Integer> perEndpoint = new HashMap<>();
        Map<String, Integer> perProject = new HashMap<>();
        inFlight.values().forEach(flight -> count(flight.projectId(), flight.endpointId(), perProject,
                perEndpoint));
        List<WebhookDelivery> toSend = new ArrayList<>();
        List<KeyValue<String, WebhookDelivery>> toDrop = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        int scanned = 0;
        try (KeyValueIterator<String, String> it = due.range(dueKey(0, ""), dueKey(now, "\uffff"))) {
            while (it.hasNext() && inFlight.size() + toSend.size() < MAX_IN_FLIGHT && scanned++ < MAX_SCANNED) {
                KeyValue<String, String> entry = it.next();
                if (inFlight.containsKey(entry.value)) {
                    continue;
                }
                WebhookDelivery delivery = pending.get(entry.value);
                if (delivery == null) {
                    stale.add(entry.key);
                } else if (Endpoints.find(endpoints, delivery.getProjectId(), delivery.getEndpointId()) == null) {
                    toDrop.add(KeyValue.pair(entry.key, delivery));
                } else if (perEndpoint.getOrDefault(delivery.getEndpointId(), 0) < settings.perEndpoint()
                        && perProject.getOrDefault(delivery.getProjectId(), 0) < settings.perProject()) {
                    count(delivery.getProjectId(), delivery.getEndpointId(), perProject, perEndpoint);
                    toSend.add(delivery);
                }
            }
        }
        stale.forEach(due::delete);
        toDrop.forEach(entry -> drop(entry.key, entry.value, now));
        for (WebhookDelivery delivery : toSend) {
            WebhookEndpoint endpoint = Endpoints.find(endpoints, delivery.getProjectId(), delivery.getEndpointId());
            inFlight.put(delivery.getDeliveryId(), new InFlight(delivery.getProjectId(), endpoint.getEndpointId(),
                    now));
            sender.send(delivery, endpoint);
        }
    }

    private static void count(String projectId, String endpointId, Map<String, Integer> perProject,
            Map<String, Integer> perEndpoint) {
        perProject.merge(projectId, 1, Integer::sum);
        perEndpoint.merge(endpointId, 1, Integer::sum);
    }

    /** The endpoint was deleted: its deliveries end, and the delivery log says so. */
    private void drop(String dueKey, WebhookDelivery delivery, long now) {
        due.delete(dueKey);
        pending.delete(delivery.getDeliveryId());
        context.forward(new Record<>(delivery.getProjectId(), WebhookAttempt.newBuilder()
                .setDeliveryId(delivery.getDeliveryId()).setAlertId(delivery.getAlertId())
                .setProjectId(delivery.getProjectId()).setEndpointId(delivery.getEndpointId())
                .setKind(delivery.getKind()).setAttempt(delivery.getAttempts() + 1).setAt(Instant.ofEpochMilli(now))
                .setStatus(0).setLatencyMs(0).setError(DeliveryErrors.ENDPOINT_DELETED).setOutcome("dropped")
                .build(), now));
    }

    /** The idempotency id of an alert's delivery to an endpoint: the same however often the alert is raised. */
    static String deliveryId(String alertId, String endpointId) {
        return TestDeliveries.deliveryId(alertId, endpointId);
    }

    private static String dueKey(long at, String deliveryId) {
        return String.format(DUE_FORMAT, at) + RecordKeys.SEPARATOR + deliveryId;
    }
}
