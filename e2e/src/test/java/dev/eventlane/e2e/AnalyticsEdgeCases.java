package dev.eventlane.e2e;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.eventlane.e2e.AnalyticsDataset.Event;

/**
 * The {@code edge-*} users of {@link AnalyticsDataset}: each carries one case the metric definitions turn on, to
 * the millisecond. Their events have client ids {@code edge-<n>} unless a case needs other ids.
 */
final class AnalyticsEdgeCases {

    private static final Duration THIRTY_MINUTES = AnalyticsDataset.THIRTY_MINUTES;
    private static final Map<String, List<String>> FUNNELS = AnalyticsDataset.FUNNELS;

    private final AnalyticsDataset dataset;
    private int ids;

    private AnalyticsEdgeCases(AnalyticsDataset dataset) {
        this.dataset = dataset;
    }

    static void addTo(AnalyticsDataset dataset) {
        new AnalyticsEdgeCases(dataset).addAll();
    }

    private void addAll() {
        // The funnels' first events ever, in the historical block: fix the step order once history arrives.
        Instant origin = dataset.dayStart(0);
        int offset = 0;
        for (Map.Entry<String, List<String>> funnel : FUNNELS.entrySet()) {
            for (String action : funnel.getValue()) {
                boolean tie = action.equals("signup");
                offset += tie ? 0 : 1;
                edge("edge-founder", action, funnel.getKey(), null, origin.plusMillis(offset));
            }
        }
        // Exactly 30 minutes starts a session, 1 ms less does not.
        Instant t = at(20, "10:00:00");
        edge("edge-gap", "app_open", null, null, t);
        edge("edge-gap", "screen_view", null, null, t = t.plus(THIRTY_MINUTES));
        edge("edge-gap", "search", null, null, t = t.plus(THIRTY_MINUTES).minusMillis(1));
        edge("edge-gap", "logout", null, null, t.plus(THIRTY_MINUTES));
        // Late events: one bridges two sessions (20 min each side); exactly 30 min each side bridges nothing;
        // 1 ms under 30 min each side bridges.
        bridge("edge-bridge", at(22, "09:00:00"), at(22, "09:10:00"), at(22, "09:50:00"),
                at(22, "09:30:00"));
        bridge("edge-bridge-exact", at(22, "14:00:00"), at(22, "14:00:00"), at(22, "15:00:00"),
                at(22, "14:30:00"));
        bridge("edge-bridge-under", at(23, "14:00:00"), at(23, "14:00:00"), at(23, "14:59:59.998"),
                at(23, "14:29:59.999"));
        // Ties at one millisecond: the smallest event_id enters, the largest exits.
        t = at(25, "12:00:00");
        edgeWithId("edge-ties-b", "edge-ties", "app_open", t);
        edgeWithId("edge-ties-a", "edge-ties", "deep_link", t);
        edgeWithId("edge-ties-m", "edge-ties", "screen_view", t.plus(Duration.ofMinutes(5)));
        edgeWithId("edge-ties-z", "edge-ties", "screen_view", t.plus(Duration.ofMinutes(10)));
        edgeWithId("edge-ties-y", "edge-ties", "logout", t.plus(Duration.ofMinutes(10)));
        // ... also against ids the server assigns (evt_...).
        t = at(25, "18:00:00.123");
        edgeWithId(null, "edge-ties-server", "app_open", t);
        edgeWithId("a-first", "edge-ties-server", "deep_link", t);
        edgeWithId("zz-last", "edge-ties-server", "logout", t.plusSeconds(30));
        edgeWithId(null, "edge-ties-server", "screen_view", t.plusSeconds(30));
        // A client session is one session whatever its gaps, also across midnight.
        edge("edge-client", "app_open", null, "long-1", at(24, "08:00:00"));
        edge("edge-client", "screen_view", null, "long-1", at(24, "11:00:00"));
        edge("edge-client", "logout", null, "long-1", at(24, "11:05:00"));
        edge("edge-client", "app_open", null, "night-1", at(26, "23:50:00"));
        edge("edge-client", "logout", null, "night-1", at(27, "00:20:00"));
        // Client-session events do not bridge the user's other events.
        edge("edge-mixed", "app_open", null, null, at(27, "15:00:00"));
        edge("edge-mixed", "app_open", null, "mix-1", at(27, "15:20:00"));
        edge("edge-mixed", "logout", null, "mix-1", at(27, "15:21:00"));
        edge("edge-mixed", "search", null, null, at(27, "15:40:00"));
        // The same session_id from two users is two sessions.
        edge("edge-shared-a", "app_open", null, "shared-sid", at(28, "10:00:00"));
        edge("edge-shared-b", "app_open", null, "shared-sid", at(28, "10:01:00"));
        edge("edge-shared-b", "logout", null, "shared-sid", at(28, "10:02:00"));
        // Day boundaries: 1 ms apart, one session, two days; amounts ending in half cents.
        edgePurchase("edge-midnight", at(29, "23:59:59.999"), DecimalNode.valueOf(new BigDecimal("0.005")));
        edgePurchase("edge-midnight", at(30, "00:00:00"), DecimalNode.valueOf(new BigDecimal("10.005")));
        edgePurchase("edge-midnight", at(30, "00:10:00"), TextNode.valueOf("19.99"));
        edgePurchase("edge-midnight", at(30, "00:11:00"), TextNode.valueOf("n/a"));
        edgePurchase("edge-midnight", at(30, "00:12:00"), null);
        edgePurchase("edge-midnight", at(30, "00:13:00"), IntNode.valueOf(1200));
        // Funnel windows to the millisecond: 30m and 7d exactly, and 1 ms more.
        windowRun("edge-window-30m", at(31, "10:00:00"), THIRTY_MINUTES);
        windowRun("edge-window-30m-1ms", at(31, "12:00:00"), THIRTY_MINUTES.plusMillis(1));
        windowRun("edge-window-7d", at(15, "10:00:00"), Duration.ofDays(7));
        windowRun("edge-window-7d-1ms", at(15, "11:00:00"), Duration.ofDays(7).plusMillis(1));
        // All five steps in one millisecond; and a run with view_product after add_to_cart.
        for (String action : FUNNELS.get("checkout")) {
            edge("edge-one-ms", action, "checkout", null, at(32, "09:00:00.500"));
        }
        t = at(32, "13:00:00");
        for (String action : List.of("app_open", "add_to_cart", "view_product", "enter_payment", "purchase")) {
            edge("edge-out-of-order", action, "checkout", null, t = t.plusSeconds(40));
        }
    }

    /** Two sessions of a user and a late event (sent after the rest) between them. */
    private void bridge(String user, Instant firstStart, Instant firstEnd, Instant secondStart, Instant bridge) {
        edge(user, "app_open", null, null, firstStart);
        if (!firstEnd.equals(firstStart)) {
            edge(user, "search", null, null, firstEnd);
        }
        edge(user, "view_product", null, null, secondStart);
        edge(user, "logout", null, null, secondStart.plus(Duration.ofMinutes(5)));
        dataset.bridges.add(edge(user, "screen_view", null, null, bridge));
    }

    /** Checkout's first four steps a minute apart, the purchase {@code span} after the first. */
    private void windowRun(String user, Instant start, Duration span) {
        List<String> steps = FUNNELS.get("checkout");
        for (int i = 0; i < steps.size() - 1; i++) {
            edge(user, steps.get(i), "checkout", null, start.plus(Duration.ofMinutes(i)));
        }
        edgePurchase(user, start.plus(span), DecimalNode.valueOf(new BigDecimal("5.00")));
    }

    private void edgePurchase(String user, Instant time, JsonNode amount) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        if (amount != null) {
            data.set("amount", amount);
        }
        dataset.add(nextId(), "purchase", user, user.startsWith("edge-window") ? "checkout" : null, null,
                "Web", time, data);
    }

    private Event edge(String user, String action, String funnel, String sessionId, Instant time) {
        return dataset.add(nextId(), action, user, funnel, sessionId, sessionId == null ? "Web" : "iOS", time,
                null);
    }

    /** {@code id} null: the server assigns one. */
    private void edgeWithId(String id, String user, String action, Instant time) {
        dataset.add(id, action, user, null, null, "Web", time, null);
    }

    private Instant at(int day, String time) {
        return dataset.at(day, time);
    }

    private String nextId() {
        return "edge-" + ++ids;
    }
}
