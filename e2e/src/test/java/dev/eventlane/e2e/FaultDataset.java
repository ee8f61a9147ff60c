package dev.eventlane.e2e;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.eventlane.e2e.AnalyticsReference.StoredEvent;

/**
 * The load of the fault tests: a fixed number of product-analytics events (users browsing, going through two
 * funnels, buying), each with a client {@code event_id}, in batches of {@value #BATCH}. The same seed and size give
 * the same events, so every project that receives them must end with the same numbers, which
 * {@link AnalyticsReference} computes. Event times lie in one fixed past week: nothing depends on the day the test
 * runs, and the week's retention periods are all in the past.
 */
final class FaultDataset {

    static final long SEED = 0xFA_0175_2026L;
    static final int BATCH = 100;
    /** A Monday, so the week is one retention week too. */
    static final LocalDate FIRST_DAY = LocalDate.of(2026, 11, 2);
    static final int DAYS = 7;
    static final Map<String, List<String>> FUNNELS = new LinkedHashMap<>();

    static {
        FUNNELS.put("checkout", List.of("app_open", "view_product", "add_to_cart", "purchase"));
        FUNNELS.put("signup", List.of("landing", "signup", "verify_email"));
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Every event once, in sending order, as the reference sees it. */
    final List<StoredEvent> events = new ArrayList<>();
    /** The request bodies of {@code POST /ingest/batch}, in sending order. */
    final List<String> batches = new ArrayList<>();
    private final SplittableRandom random;
    private final List<ObjectNode> json = new ArrayList<>();
    private final int size;

    private FaultDataset(long seed, int size) {
        this.random = new SplittableRandom(seed);
        this.size = size;
    }

    static FaultDataset generate(long seed, int size) {
        FaultDataset dataset = new FaultDataset(seed, size);
        for (int user = 0; dataset.events.size() < size; user++) {
            dataset.user("u" + user);
        }
        for (int i = 0; i < size; i += BATCH) {
            ArrayNode batch = JSON.arrayNode();
            dataset.json.subList(i, Math.min(size, i + BATCH)).forEach(batch::add);
            ObjectNode body = JSON.objectNode();
            body.set("events", batch);
            dataset.batches.add(body.toString());
        }
        dataset.json.clear();
        return dataset;
    }

    static Instant dayStart(int day) {
        return FIRST_DAY.plusDays(day).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    String describe() {
        long users = events.stream().map(StoredEvent::userId).distinct().count();
        long purchases = events.stream().filter(e -> e.action().equals("purchase")).count();
        return String.format("%d events of %d users (%d purchases) in %d batches, %s to %s", events.size(), users,
                purchases, batches.size(), FIRST_DAY, FIRST_DAY.plusDays(DAYS - 1));
    }

    /** A user active on their first day and on each later day of the week with some probability. */
    private void user(String user) {
        int firstDay = random.nextInt(DAYS);
        for (int day = firstDay; day < DAYS; day++) {
            if (day > firstDay && random.nextInt(100) >= 35) {
                continue;
            }
            Instant clock = dayStart(day).plus(Duration.ofMinutes(random.nextInt(20 * 60)));
            int sessions = random.nextInt(4) == 0 ? 2 : 1;
            for (int s = 0; s < sessions; s++) {
                clock = session(user, clock, day == firstDay && s == 0);
                // Long enough apart to be two sessions (the gap is 30 minutes).
                clock = clock.plus(Duration.ofMinutes(31 + random.nextInt(120)));
            }
        }
    }

    /** Some screens, a run through a funnel (signup on the first visit), some screens; returns the clock after. */
    private Instant session(String user, Instant start, boolean firstVisit) {
        Instant clock = start;
        clock = browse(user, clock, random.nextInt(3));
        String funnel = firstVisit ? "signup" : random.nextInt(100) < 60 ? "checkout" : null;
        if (funnel != null) {
            for (String step : FUNNELS.get(funnel)) {
                add(user, step, funnel, clock);
                clock = clock.plus(gap());
                if (random.nextInt(100) >= 70) {
                    break;
                }
            }
        }
        return browse(user, clock, random.nextInt(3));
    }

    private Instant browse(String user, Instant start, int screens) {
        Instant clock = start;
        for (int i = 0; i < screens; i++) {
            add(user, "screen_view", null, clock);
            clock = clock.plus(gap());
        }
        return clock;
    }

    /** Seconds to minutes, never 30: the sessions are cut only between visits. */
    private Duration gap() {
        return Duration.ofMillis(1000 + random.nextLong(Duration.ofMinutes(10).toMillis()));
    }

    private void add(String user, String action, String funnel, Instant time) {
        if (events.size() == size) {
            return;
        }
        String id = String.format("fi-%07d", events.size());
        JsonNode amount = action.equals("purchase")
                ? DecimalNode.valueOf(BigDecimal.valueOf(random.nextInt(100, 50_000), 2)) : null;
        ObjectNode event = JSON.objectNode().put("action", action).put("user_id", user);
        if (funnel != null) {
            event.put("funnel", funnel);
        }
        event.put("timestamp", time.toString()).put("event_id", id);
        if (amount != null) {
            event.putObject("data").set("amount", amount);
        }
        json.add(event);
        events.add(new StoredEvent(id, user, action, funnel, null, time, amount));
    }
}
