package dev.eventlane.schemas.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import org.apache.avro.Schema;

import dev.eventlane.schemas.Alert;
import dev.eventlane.schemas.AlertRule;
import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.FunnelProgress;
import dev.eventlane.schemas.FunnelStep;
import dev.eventlane.schemas.FunnelUserLevel;
import dev.eventlane.schemas.FunnelUserState;
import dev.eventlane.schemas.KeyGrant;
import dev.eventlane.schemas.LogEntry;
import dev.eventlane.schemas.Purchase;
import dev.eventlane.schemas.SchemaField;
import dev.eventlane.schemas.Session;
import dev.eventlane.schemas.UsageCount;
import dev.eventlane.schemas.UserDay;
import dev.eventlane.schemas.WebSession;
import dev.eventlane.schemas.WebhookAttempt;
import dev.eventlane.schemas.WebhookDelivery;
import dev.eventlane.schemas.WebhookEndpoint;

/**
 * Serdes of every record type on Eventlane's topics.
 *
 * <p>When a schema changes, copy its previous {@code .avsc} to {@code src/main/resources/avro-history/} and list it
 * here, so records already on the topics stay readable; {@code SchemaHistoryTest} fails until the new fingerprint is
 * listed in {@code src/test/resources/avro-fingerprints.tsv}, beside every earlier one that must stay readable.
 */
public final class EventlaneSerdes {

    /** Earlier versions of {@code Event}: before source {@code WEB}. */
    static final List<String> EVENT_HISTORY = List.of("event-v1.avsc");
    /** Earlier versions of {@code Session}: before {@code published_start}. */
    static final List<String> SESSION_HISTORY = List.of("session-v1.avsc");

    /** Earlier versions of {@code KeyGrant}: before {@code allowed_origins}. */
    static final List<String> KEY_GRANT_HISTORY = List.of("key-grant-v1.avsc");
    /** Earlier versions of {@code UsageCount}: before per-minute request counts. */
    static final List<String> USAGE_COUNT_HISTORY = List.of("usage-count-v1.avsc");
    /**
     * Earlier versions of {@code AlertRule}: before GQL conditions ({@code query}, {@code filter}); before
     * {@code aggregation}.
     */
    static final List<String> ALERT_RULE_HISTORY = List.of("alert-rule-v1.avsc", "alert-rule-v2.avsc");

    private EventlaneSerdes() {
    }

    public static AvroSerde<Event> event() {
        return new AvroSerde<>(Event.class, history(EVENT_HISTORY));
    }

    public static AvroSerde<Session> session() {
        return new AvroSerde<>(Session.class, history(SESSION_HISTORY));
    }

    public static AvroSerde<FunnelStep> funnelStep() {
        return new AvroSerde<>(FunnelStep.class, List.of());
    }

    public static AvroSerde<FunnelProgress> funnelProgress() {
        return new AvroSerde<>(FunnelProgress.class, List.of());
    }

    public static AvroSerde<FunnelUserState> funnelUserState() {
        return new AvroSerde<>(FunnelUserState.class, List.of());
    }

    public static AvroSerde<FunnelUserLevel> funnelUserLevel() {
        return new AvroSerde<>(FunnelUserLevel.class, List.of());
    }

    public static AvroSerde<UserDay> userDay() {
        return new AvroSerde<>(UserDay.class, List.of());
    }

    public static AvroSerde<Purchase> purchase() {
        return new AvroSerde<>(Purchase.class, List.of());
    }

    public static AvroSerde<KeyGrant> keyGrant() {
        return new AvroSerde<>(KeyGrant.class, history(KEY_GRANT_HISTORY));
    }

    public static AvroSerde<LogEntry> logEntry() {
        return new AvroSerde<>(LogEntry.class, List.of());
    }

    public static AvroSerde<UsageCount> usageCount() {
        return new AvroSerde<>(UsageCount.class, history(USAGE_COUNT_HISTORY));
    }

    public static AvroSerde<Alert> alert() {
        return new AvroSerde<>(Alert.class, List.of());
    }

    public static AvroSerde<AlertRule> alertRule() {
        return new AvroSerde<>(AlertRule.class, history(ALERT_RULE_HISTORY));
    }

    public static AvroSerde<WebhookEndpoint> webhookEndpoint() {
        return new AvroSerde<>(WebhookEndpoint.class, List.of());
    }

    public static AvroSerde<WebhookDelivery> webhookDelivery() {
        return new AvroSerde<>(WebhookDelivery.class, List.of());
    }

    public static AvroSerde<WebhookAttempt> webhookAttempt() {
        return new AvroSerde<>(WebhookAttempt.class, List.of());
    }

    public static AvroSerde<WebSession> webSession() {
        return new AvroSerde<>(WebSession.class, List.of());
    }

    public static AvroSerde<SchemaField> schemaField() {
        return new AvroSerde<>(SchemaField.class, List.of());
    }

    static List<Schema> history(List<String> resources) {
        return resources.stream().map(EventlaneSerdes::load).toList();
    }

    private static Schema load(String resource) {
        try (InputStream in = EventlaneSerdes.class.getResourceAsStream("/avro-history/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing schema history resource " + resource);
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
