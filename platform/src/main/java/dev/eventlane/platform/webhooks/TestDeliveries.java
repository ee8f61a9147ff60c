package dev.eventlane.platform.webhooks;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import dev.eventlane.schemas.kafka.RecordKeys;

/**
 * Test deliveries, which a project's owner sends from the control plane to check an endpoint: an alert of kind
 * {@link #KIND} naming one endpoint, delivered (signed, retried, logged) as every alert is, to that endpoint whatever
 * kinds it receives, and never stored or counted as an alert that fired.
 */
public final class TestDeliveries {

    /** The alert kind of a test delivery (header {@code Eventlane-Kind}, the delivery log's {@code kind}). */
    public static final String KIND = "test";
    /** The prefix of a test delivery's alert id, so the delivery log tells it apart at a glance. */
    public static final String ALERT_ID_PREFIX = "test_";

    private TestDeliveries() {
    }

    public static boolean isTest(String kind) {
        return KIND.equals(kind);
    }

    /**
     * The idempotency id (header {@code webhook-id}) of an alert's delivery to an endpoint: the same however often
     * the alert is raised, so the control plane can name a test delivery's id before the dispatcher makes it.
     */
    public static String deliveryId(String alertId, String endpointId) {
        return "msg_" + UUID.nameUUIDFromBytes((alertId + RecordKeys.SEPARATOR + endpointId)
                .getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
    }
}
